import type { z } from 'zod';

/**
 * How a refused request is told ([R5], [R38], [R41]): the first issue, where a key the schema does not name comes
 * before any other (a misspelt field is also a missing one, and the unknown name is what the sender got wrong).
 */
export interface SchemaIssue {
  /** Dotted path of the wrong field (`config.network.layers[0]`), `''` for the top level. */
  path: string;
  message: string;
  unknownKey: boolean;
}

type Path = readonly PropertyKey[];

/** `config.network.layers[0]`; with `anyIndex`, `layers[]` as {@link placesOf} names array elements. */
function formatPath(path: Path, anyIndex = false): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += anyIndex ? '[]' : `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

/** Schema nodes this walk looks through; the rest (strings, numbers, enums) hold no keys. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  in?: z.ZodType;
}

/** Paths of the objects in `schema` that have a field named `key`, shallowest first, at most `limit`. */
export function placesOf(schema: z.ZodType, key: string, limit = 2): string[] {
  const places = new Set<string>();
  let level: { schema: z.ZodType; path: string }[] = [{ schema, path: '' }];
  while (level.length > 0 && places.size < limit) {
    const next: typeof level = [];
    for (const { schema: node, path } of level) {
      const def = node._zod.def as Def;
      switch (def.type) {
        case 'object':
          if (Object.hasOwn(def.shape!, key) && places.size < limit) places.add(path);
          for (const [name, field] of Object.entries(def.shape!)) next.push({ schema: field, path: path === '' ? name : `${path}.${name}` });
          break;
        case 'optional':
        case 'nullable':
        case 'default':
        case 'readonly':
          next.push({ schema: def.innerType!, path });
          break;
        case 'array':
          next.push({ schema: def.element!, path: `${path}[]` });
          break;
        case 'union':
          for (const option of def.options!) next.push({ schema: option, path });
          break;
        case 'pipe':
          next.push({ schema: def.in!, path });
          break;
      }
    }
    level = next;
  }
  return [...places];
}

function where(path: string): string {
  return path === '' ? 'at the top level' : `in "${path}"`;
}

function unknownKeyIssue(schema: z.ZodType, issue: z.core.$ZodIssueUnrecognizedKeys): SchemaIssue {
  const key = issue.keys[0] ?? '';
  const at = formatPath(issue.path);
  const here = formatPath(issue.path, true);
  const elsewhere = placesOf(schema, key).filter((place) => place !== here);
  const belongs = elsewhere.length === 0 ? '' : `; it belongs ${elsewhere.map(where).join(' or ')}`;
  const message = `unknown field "${key.slice(0, 40)}" ${where(at)}${belongs}`;
  return { path: at === '' ? key : `${at}.${key}`, message, unknownKey: true };
}

/** The issue to tell for `error`, which `schema` raised; an unknown key names where else the key belongs, if anywhere. */
export function describeIssue(schema: z.ZodType, error: z.ZodError): SchemaIssue {
  const issues = error.issues;
  const unknown = issues.find((i): i is z.core.$ZodIssueUnrecognizedKeys => i.code === 'unrecognized_keys');
  if (unknown) return unknownKeyIssue(schema, unknown);
  const first = issues[0];
  return { path: first ? formatPath(first.path) : '', message: first?.message ?? 'invalid', unknownKey: false };
}

/** The first key of `value` that `schema` does not name, at any depth; other faults are left to a fuller check. */
export function findUnknownKey(schema: z.ZodType, value: unknown): SchemaIssue | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const issue = describeIssue(schema, parsed.error);
  return issue.unknownKey ? issue : null;
}

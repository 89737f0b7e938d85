/** What the server's refusal codes mean to someone at the controls. */
const HEADLINES: Record<string, string> = {
  invalid_change: 'Change refused',
  invalid_field: 'Change refused',
  invalid_config: 'Change refused',
  invalid_dataset: 'Dataset refused',
  limit_exceeded: 'Too big',
  forbidden: 'Not allowed',
  diverged: 'Training diverged',
  rate_limited: 'Too many changes at once',
  too_large: 'Too large to send',
  not_joined: 'Not connected to the session yet',
  busy: 'Server busy',
  internal: 'Server error',
};

/**
 * A refusal as one readable line: a headline for the code, then the message without the chain of codes the
 * layers below prefixed it with (`invalid_config: training.loss: …` → `Change refused — training.loss: …`).
 */
export function describeError(code: string, message: string): string {
  const headline = HEADLINES[code] ?? 'Refused';
  const detail = message.replace(/^(?:[a-z]+(?:_[a-z]+)+:\s*)+/, '');
  return detail.length > 0 ? `${headline} — ${detail}` : headline;
}

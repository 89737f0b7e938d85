export { PROTOCOL_VERSION, MAX_CLIENT_FRAME_BYTES } from './version.js';
export { ERROR_CODES, CLOSE_CODES, type ErrorCode } from './codes.js';
export {
  activationSchema,
  lossSchema,
  reductionSchema,
  optimizerSchema,
  regularizationSchema,
  datasetSchema,
  networkSchema,
  trainingSchema,
  experimentConfigSchema,
} from './configSchema.js';
export { changeSchema } from './changeSchema.js';
export {
  clientMessageSchema,
  displayNameSchema,
  CLIENT_MESSAGE_TYPES,
  type ClientMessage,
  type ClientMessageType,
  type ControlCommand,
} from './clientMessages.js';
export {
  jsonServerMessageSchema,
  PRESENCE_LIMIT,
  type JsonServerMessage,
  type ServerMessage,
  type ServerMessageType,
  type SnapshotMessage,
  type Role,
  type SessionStatus,
  type Viewer,
  type SessionEvent,
  type MetricColumns,
  type DatasetPoints,
  type HistoryMessage,
  type SessionStateMessage,
} from './serverMessages.js';
export { toMetricColumns, fromMetricColumns } from './metricColumns.js';
export { METRIC_COLUMNS, METRIC_SERIES, byMetric, type MetricColumn, type MetricSeries } from './metricNames.js';
export {
  encodeMetricsFrame,
  decodeMetricsFrame,
  binaryFrameKind,
  METRICS_FRAME_KIND,
  METRICS_FRAME_EPOCH_BYTES,
  MAX_STREAM_ID_BYTES,
} from './metricsFrame.js';
export {
  encodeSnapshot,
  decodeSnapshot,
  snapshotByteLength,
  snapshotEpoch,
  snapshotProducedAt,
  SNAPSHOT_MAGIC,
  SNAPSHOT_KIND,
  type DecodedSnapshot,
} from './snapshotCodec.js';
export {
  SNAPSHOT_UNITS,
  SNAPSHOT_MAX_BYTES,
  weightAt,
  biasAt,
  thumbnailOffset,
  type WireLayer,
  type WireSnapshot,
} from './snapshotTypes.js';
export {
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  type Decoded,
  type FrameData,
} from './codec.js';
export {
  layerTraceSchema,
  stepTraceSchema,
  traceSizeSchema,
  traceTargetSchema,
  TRACE_WINDOW,
  TRACE_MAX_FRAME_BYTES,
  type LayerTraceWire,
  type StepTraceWire,
  type TraceSize,
  type TraceTarget,
} from './traceSchema.js';
export { clipTrace, clipTraceTo } from './clipTrace.js';
export { traceBytesBound, traceWindowFor } from './traceBudget.js';
export {
  restErrorSchema,
  createSessionRequestSchema,
  sessionLinksSchema,
  renameRequestSchema,
  forkRequestSchema,
  forkedSessionSchema,
  sessionSummarySchema,
  sessionListSchema,
  relatedQuerySchema,
  metricsJsonSchema,
  modelJsonSchema,
  datasetUploadedSchema,
  parseRest,
  parseCreateSessionRequest,
  MAX_SESSION_NAME,
  MAX_SESSION_ID_LENGTH,
  MAX_START_SPEED,
  type RestError,
  type CreateSessionRequest,
  type SessionLinks,
  type RenameRequest,
  type ForkRequest,
  type ForkedSession,
  type SessionSummary,
  type MetricsJson,
  type DatasetUploaded,
  type RestSchema,
  type RestResult,
} from './rest.js';

import type { App } from '../app.js';
import type { ReadCache } from '../cache/cache.js';
import type { Metrics } from './metrics.js';
import type { UploadSlots } from './upload.js';

/** What the route plugins share. */
export interface ApiContext {
  app: App;
  cache: ReadCache;
  metrics: Metrics;
  uploads: UploadSlots;
  maxUploadBytes: number;
}

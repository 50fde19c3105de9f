import type { App } from '../app.js';
import type { ReadCache } from '../cache/cache.js';
import type { RecordedCosts } from '../imports/present.js';
import type { Metrics } from './metrics.js';
import type { UploadBounds, UploadLimiter } from './upload.js';

/** What the route plugins share. */
export interface ApiContext {
  app: App;
  cache: ReadCache;
  metrics: Metrics;
  /** How many uploads may run at once. */
  uploadLimiter: UploadLimiter;
  /** What one upload may send, and how slowly. */
  uploadBounds: UploadBounds;
  /** The phase costs of recent imports (read again every few seconds), that imports' percent and ETA weigh by. */
  phaseCosts: () => Promise<RecordedCosts>;
}

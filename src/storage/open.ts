import type { StorageSetting } from '../config.js';
import { FileSystemStore } from './filesystem.js';
import { S3Store } from './s3.js';
import type { UploadStore } from './store.js';

/** The upload store LFP_STORAGE_URL names. */
export function openUploadStore(setting: StorageSetting): UploadStore {
  return setting.kind === 'file' ? new FileSystemStore(setting.dir) : new S3Store(setting);
}

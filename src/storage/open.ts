import type { StorageSetting } from '../config.js';
import { FileSystemStore } from './filesystem.js';
import type { UploadStore } from './store.js';

/** The upload store LFP_STORAGE_URL names; the AWS SDK is loaded only for S3 storage. */
export async function openUploadStore(setting: StorageSetting): Promise<UploadStore> {
  if (setting.kind === 'file') return new FileSystemStore(setting.dir);
  const { S3Store } = await import('./s3.js');
  return new S3Store(setting);
}

// The API's resources as the dashboard reads them: names for the types generated from the server's OpenAPI
// document (api-schema.gen.ts, `npm run gen:api`), so the dashboard compiles against the schemas that validate and
// serialize every answer. The document declares its schemas inline, so each type is read off an operation.
import type { paths } from './api-schema.gen';

/** The JSON body of an operation's 200 answer. */
type Ok<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;
/** The items of a keyset page. */
type ItemOf<List> = List extends { items: (infer Item)[] } ? Item : never;

export type Import = Ok<paths['/api/imports/{id}']['get']>;
export type ImportStatus = Import['status'];
/** Where an unfinished import is: queued, a phase, or `waiting` for imports submitted before it. */
export type ImportPhase = NonNullable<Import['phase']>;
/** How the file was asked to be read and applied. */
export type ImportOptions = Import['options'];
/** What the first 64 KiB of a file look like. */
export type Dialect = NonNullable<Import['detected']>;
export type Encoding = Dialect['encoding'];
export type Delimiter = Dialect['delimiter'];
/** The encoding and delimiter to try instead, when the file looks written otherwise than it was read. */
export type DialectSuggestion = NonNullable<Import['suggestion']>;

/** When one step of an import ran, in ms from the start of its upload. */
export type TimelineSpan = Import['timeline'][number];
/** Rejected rows grouped by reason. */
export type ErrorSummary = Ok<paths['/api/imports/{id}/errors/summary']['get']>;

/** The query parameters of POST /api/imports: the import's options as the upload sends them. */
export type UploadQuery = NonNullable<paths['/api/imports']['post']['parameters']['query']>;

/** A saved import profile: options and a column mapping under a name. */
export type Profile = Ok<paths['/api/profiles/{name}']['get']>;
export type ProfileList = Ok<paths['/api/profiles']['get']>;
/** How the start of a file would be imported: header, mapping suggestions, first rows. */
export type FilePreview = Ok<paths['/api/imports/preview']['post']>;
export type PreviewRow = FilePreview['rows'][number];
/** A file column per product column. */
export type ColumnMapping = ImportOptions['mapping'];
export type ProductColumn = keyof FilePreview['suggestions'];

export type RevertResult = Ok<paths['/api/imports/{id}/revert']['post']>;
export type Product = Ok<paths['/api/products/{sku}']['get']>;
export type Aggregate = Ok<paths['/api/aggregates/{name}']['get']>;
export type Stats = Ok<paths['/api/stats']['get']>;

/** Keyset pages: `next` is the opaque cursor of the following page, null on the last. */
export type ImportList = Ok<paths['/api/imports']['get']>;
export type ImportErrorList = Ok<paths['/api/imports/{id}/errors']['get']>;
export type NameChangeList = Ok<paths['/api/imports/{id}/name-changes']['get']>;
export type ProductList = Ok<paths['/api/products']['get']>;
export type AggregateList = Ok<paths['/api/aggregates']['get']>;

/** A rejected row. */
export type ImportError = ItemOf<ImportErrorList>;
/** A dry run's name whose product count would change. */
export type NameChange = ItemOf<NameChangeList>;

/** Queued or running: it may still change. Any other status is final (including ones newer than this code). */
export function isActive(status: ImportStatus): boolean {
  return status === 'queued' || status === 'running';
}

export type Webhook = Ok<paths['/api/webhooks/{id}']['get']>;
export type WebhookList = Ok<paths['/api/webhooks']['get']>;
/** The answer to adding a webhook: the only time its secret is shown. */
export type CreatedWebhook = paths['/api/webhooks']['post']['responses'][201]['content']['application/json'];
export type WebhookEvent = Webhook['events'][number];
export type DeliveryList = Ok<paths['/api/webhooks/{id}/deliveries']['get']>;
export type Delivery = ItemOf<DeliveryList>;

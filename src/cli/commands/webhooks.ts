import { ConfigError, quoteInput } from '../../errors.js';
import { WEBHOOK_EVENTS, WebhookEvent, type Delivery } from '../../webhooks/model.js';
import { addWebhook, removeWebhook, requireWebhook } from '../../webhooks/service.js';
import { listDeliveries, listWebhooks } from '../../webhooks/store.js';
import { numberOption, type Command, type ParsedArgs } from '../args.js';
import { commandContext, withDatabase } from '../context.js';
import { formatMs, jsonLine, printable } from '../format.js';

const USAGE = `lfp webhooks [list] [--json]
lfp webhooks add URL [--events E,E...] [--json]
lfp webhooks delete ID
lfp webhooks deliveries ID [--limit N] [--json]

A webhook is a URL that lfp POSTs to when an import finishes. Each delivery is JSON: {"id": <delivery id>,
"event", "occurredAt", "import": <the import as lfp import ID --json prints it>}, with the headers
  Lfp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
  Lfp-Delivery: <delivery id>   (the same at every attempt: deduplicate by it)
  Lfp-Event: <event>
A delivery that gets no 2xx answer within 10 s is tried again after about 5 s, then twice as long each time: 15
attempts, the last about 23 hours after the first. Every attempt is recorded (lfp webhooks deliveries ID).

Subcommands:
  list                 the webhooks, newest first (the default)
  add URL              add one and print its secret: shown this once, keep it to verify signatures. The URL must be
                       http or https at a public address: loopback, private and link-local addresses are refused
                       unless LFP_WEBHOOK_ALLOW_PRIVATE=true
  delete ID            delete one with its deliveries (pending ones are not sent)
  deliveries ID        its latest deliveries, newest first, with every attempt's status and duration

Options:
  --events E,E...      the events to send, comma-separated (default: all): ${WEBHOOK_EVENTS.join(', ')}
  --limit N            how many deliveries (default 20)
  --json               one line of JSON per webhook or delivery, as the API returns it

Environment:
  LFP_WEBHOOK_ALLOW_PRIVATE   true: receivers may be at loopback, private or link-local addresses
  LFP_WEBHOOK_RETRY_DELAY_MS  the first retry's delay, doubled for each next one (default 5000)`;

function webhookId(args: ParsedArgs, sub: string): number {
  const id = Number(args.positionals[1]);
  if (args.positionals.length !== 2 || !Number.isSafeInteger(id) || id <= 0) throw new ConfigError(`usage: lfp webhooks ${sub} ID`);
  return id;
}

function events(args: ParsedArgs): WebhookEvent[] {
  const raw = args.values.events;
  if (raw === undefined) return [...WEBHOOK_EVENTS];
  const names = String(raw).split(',').map((e) => e.trim()).filter((e) => e !== '');
  const bad = names.find((e) => !WebhookEvent.safeParse(e).success);
  if (bad !== undefined || names.length === 0) {
    throw new ConfigError(`--events: ${bad === undefined ? 'name at least one event' : `unknown event ${quoteInput(bad, 60)}`}; events are ${WEBHOOK_EVENTS.join(', ')}`);
  }
  return names as WebhookEvent[];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((row) => row.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** One line per attempt: "#2 500 12 ms the receiver answered HTTP 500". */
function attemptLines(d: Delivery): string[] {
  return d.attempts.map((a) => `    #${a.attempt}  ${a.statusCode ?? '---'}  ${formatMs(a.durationMs)}  ${a.startedAt.slice(0, 19).replace('T', ' ')}${a.error ? `  ${printable(a.error)}` : ''}`);
}

export const webhooksCommand: Command = {
  name: 'webhooks',
  summary: 'list, add and delete webhooks (URLs told when imports finish), and see their deliveries',
  usage: USAGE,
  options: { events: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args) {
    const sub = args.positionals[0] ?? 'list';
    const json = args.values.json === true;
    const context = commandContext();
    return withDatabase(context, async ({ pool }) => {
      switch (sub) {
        case 'list': {
          if (args.positionals.length > 1) throw new ConfigError('usage: lfp webhooks list');
          const hooks = await listWebhooks(pool);
          if (json) for (const w of hooks) process.stdout.write(jsonLine(w));
          else if (hooks.length === 0) process.stdout.write('no webhooks (lfp webhooks add URL adds one)\n');
          else {
            const rows = hooks.map((w) => [String(w.id), printable(w.url), w.events.join(','), w.createdAt.slice(0, 19).replace('T', ' ')]);
            process.stdout.write(`${table([['id', 'url', 'events', 'created'], ...rows])}\n`);
          }
          return 0;
        }
        case 'add': {
          if (args.positionals.length !== 2) throw new ConfigError('usage: lfp webhooks add URL [--events E,E...]');
          const webhook = await addWebhook(pool, args.positionals[1]!, events(args), context.config.webhookAllowPrivate);
          if (json) process.stdout.write(jsonLine(webhook));
          else {
            process.stdout.write(`webhook ${webhook.id} added: ${printable(webhook.url)} (${webhook.events.join(', ')})\n` +
              `secret: ${webhook.secret}\n(shown this once: keep it to verify the Lfp-Signature header of deliveries)\n`);
          }
          return 0;
        }
        case 'delete': {
          const id = webhookId(args, 'delete');
          await removeWebhook(pool, id);
          if (!json) process.stdout.write(`webhook ${id} deleted\n`);
          return 0;
        }
        case 'deliveries': {
          const id = webhookId(args, 'deliveries');
          const limit = numberOption(args, 'limit', 20, 1, 10_000);
          await requireWebhook(pool, id);
          const deliveries = (await listDeliveries(pool, id, limit)).map((r) => r.delivery);
          if (json) for (const d of deliveries) process.stdout.write(jsonLine(d));
          else if (deliveries.length === 0) process.stdout.write(`webhook ${id} has no deliveries yet\n`);
          else {
            for (const d of deliveries) {
              const next = d.nextAttemptAt ? `, next attempt ${d.nextAttemptAt.slice(0, 19).replace('T', ' ')}` : '';
              process.stdout.write(`${d.id}  ${d.event}  import ${d.importId}  ${d.status} after ${d.attempts.length} attempt(s)${next}\n`);
              for (const line of attemptLines(d)) process.stdout.write(`${line}\n`);
            }
          }
          return 0;
        }
        default:
          throw new ConfigError(`unknown subcommand "${printable(sub)}": list, add, delete or deliveries (see: lfp webhooks --help)`);
      }
    });
  },
};

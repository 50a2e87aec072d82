/** Child of the journeys benchmark: import an event log and summarise it; prints timings and peak RSS as JSON. */
import { summarizeEventLog } from '../../analysis/eventlog';
import { openDatabase } from '../../research/db';
import { listLogs, storedEvents } from '../../research/events/export';
import { importEventLog } from '../../research/events/import';

const [dbPath, file] = process.argv.slice(2);
const db = openDatabase(dbPath, { create: true });
const t0 = process.hrtime.bigint();
await importEventLog(db, file);
const t1 = process.hrtime.bigint();
const summary = summarizeEventLog(storedEvents(db, listLogs(db)[0].id));
const t2 = process.hrtime.bigint();
db.close();
process.stdout.write(
  JSON.stringify({
    importSeconds: Number(t1 - t0) / 1e9,
    analysisSeconds: Number(t2 - t1) / 1e9,
    events: summary.events,
    cases: summary.cases,
    variants: summary.variants.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);

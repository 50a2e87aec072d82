/**
 * Child process of the import benchmark: imports one file into a prepared database and prints
 * `{"seconds":…, "rows":…, "maxRssMb":…}`, so peak memory is the import's alone.
 */
import { importCsv } from '../../research/csv/import';
import { openDatabase } from '../../research/db';

const [dbPath, file] = process.argv.slice(2);
const db = openDatabase(dbPath, { create: true });
const started = process.hrtime.bigint();
const summary = await importCsv(db, 'observations', file);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();
process.stdout.write(
  JSON.stringify({ seconds, rows: summary.inserted, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);

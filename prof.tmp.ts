import * as pii from './analysis/pii';
import { shapes } from './scripts/bench/pii';
import { bundledNamesFile, readNames } from './scripts/gate/gate';
const d: any = (pii as any).__d;
const idx = d.indexNames(readNames(bundledNamesFile));
const scan = pii.createPiiScanner(readNames(bundledNamesFile));
const best = (f: () => void) => { let b = Infinity; for (let r = 0; r < 9; r++) { const s = process.hrtime.bigint(); f(); b = Math.min(b, Number(process.hrtime.bigint() - s) / 1e6); } return b.toFixed(1); };
for (const name of ['at signs', 'prose full of numbers']) {
  const text = shapes[name];
  const n = pii.normaliseForScan(text);
  const runs = d.digitRuns(n.text);
  const ws = d.words(n.text);
  const spans: any[] = []; d.numberFindings(n.text, runs, spans); d.birthDateFindings(n.text, runs, spans); d.nameFindings(n.text, ws, idx, spans);
  console.log(name.padEnd(24), 'total', best(() => scan(text)), 'norm', best(() => pii.normaliseForScan(text)), 'runs', best(() => d.digitRuns(n.text)), 'words', best(() => d.words(n.text)), 'num', best(() => d.numberFindings(n.text, runs, [])), 'iban', best(() => d.ibanFindings(n.text, [])), 'mail', best(() => d.emailFindings(n.text, [])), 'post', best(() => d.postcodeFindings(n.text, runs, [])), 'birth', best(() => d.birthDateFindings(n.text, runs, [])), 'names', best(() => d.nameFindings(n.text, ws, idx, [])), 'addr', best(() => d.addressFindings(n.text, ws, [])), 'weak', best(() => d.resolveWeak(n.text, spans)));
}

import * as pii from './analysis/pii';
import { shapes } from './scripts/bench/pii';
import { bundledNamesFile, readNames } from './scripts/gate/gate';
const d: any = (pii as any).__d;
const idx = d.indexNames(readNames(bundledNamesFile));
const best = (f: () => void) => { let b = Infinity; for (let r = 0; r < 7; r++) { const s = process.hrtime.bigint(); f(); b = Math.min(b, Number(process.hrtime.bigint() - s) / 1e6); } return b.toFixed(1); };
const scan = pii.createPiiScanner(readNames(bundledNamesFile));
for (const name of ['prose full of numbers', 'at signs', 'one long word with dots']) {
  const text = shapes[name];
  const n = pii.normaliseForScan(text);
  const spans: any[] = [];
  d.numberFindings(n.text, spans); d.birthDateFindings(n.text, spans); d.nameFindings(n.text, idx, spans);
  console.log(name, 'total', best(() => scan(text)), 'norm', best(() => pii.normaliseForScan(text)), 'num', best(() => d.numberFindings(n.text, [])), 'iban', best(() => d.ibanFindings(n.text, [])), 'mail', best(() => d.emailFindings(n.text, [])), 'post', best(() => d.postcodeFindings(n.text, [])), 'birth', best(() => d.birthDateFindings(n.text, [])), 'names', best(() => d.nameFindings(n.text, idx, [])), 'weak', best(() => d.resolveWeak(n.text, spans)));
}

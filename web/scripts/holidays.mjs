// Writes data/holidays_kr.json (the Korean public-holiday table the domain crate bundles)
// from the devDependency @hyunbinseo/holidays-kr, whose data follows 우주항공청 월력요항.
//
//   cd web && npm run holidays
//
// The package's "./all" entry exports one object per year, `y2018` … `y2027`, each mapping
// "YYYY-MM-DD" to the holiday names of that day (usually one; 2025-05-05 has two). Names of
// the same day are joined with ", ". Re-run after bumping the package, and commit the output.

import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as years from '@hyunbinseo/holidays-kr/all';

const pkgPath = createRequire(import.meta.url).resolve('@hyunbinseo/holidays-kr/package.json');
const pkg = JSON.parse(await readFile(pkgPath, 'utf8'));
const out = fileURLToPath(new URL('../../data/holidays_kr.json', import.meta.url));

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const holidays = [];
const covered = [];
for (const [key, table] of Object.entries(years)) {
	const year = /^y(\d{4})$/.exec(key)?.[1];
	if (!year) continue;
	covered.push(Number(year));
	for (const [date, names] of Object.entries(table)) {
		if (!ISO_DATE.test(date) || !date.startsWith(`${year}-`)) throw new Error(`${key}: bad date ${date}`);
		if (!Array.isArray(names) || names.length === 0) throw new Error(`${key}: no name for ${date}`);
		holidays.push({ date, name: names.join(', ') });
	}
}
covered.sort((a, b) => a - b);
holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
if (covered.length === 0) throw new Error('no years found in @hyunbinseo/holidays-kr/all');
for (let i = 1; i < covered.length; i++) {
	if (covered[i] !== covered[i - 1] + 1) throw new Error(`years not contiguous: ${covered.join(', ')}`);
}
for (let i = 1; i < holidays.length; i++) {
	if (holidays[i].date === holidays[i - 1].date) throw new Error(`duplicate date ${holidays[i].date}`);
}

const head = {
	source: `${pkg.name} ${pkg.version} (${pkg.license}), 우주항공청 월력요항`,
	generated_by: 'web/scripts/holidays.mjs',
	first_year: covered[0],
	last_year: covered.at(-1),
};
// One holiday a line, so a data update reads as a small diff.
const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
const rows = holidays.map((h, i) => `    ${JSON.stringify(h)}${i + 1 < holidays.length ? ',' : ''}`);
const text = ['{', ...lines, '  "holidays": [', ...rows, '  ]', '}', ''].join('\n');
await writeFile(out, text);
console.log(`wrote ${holidays.length} holidays (${head.first_year}–${head.last_year}) to data/holidays_kr.json`);

/**
 * Date strings parsed in SQL against V8's Date.parse, in several browser zones: every
 * ISO 8601 shape the SQL reads (date alone, date-time with T, t or a space, fractions,
 * Z and offsets), with values out of range (month 13, day 32, hour 24, minute 60), days
 * past the month's end, DST gaps and overlaps, and years before 1970 and 100; and the
 * slash-separated dates of V8's legacy parser (the flights files' `2001/01/14 21:55`, the
 * US `1/14/2001 9:55 PM`), generated over the same edges plus two-digit years, day-first
 * ambiguity and AM/PM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../../src/engine/duckdb.js';
import { dateParseSql, dateShapeSql } from '../../../src/engine/expressions/date-parse.js';
import { stringLiteral } from '../../../src/engine/sql.js';
import { testEngine } from '../../support/engine.js';
import { withTimeZone } from '../../support/time-zone.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function samples(): string[] {
  const out = ['2020', '2020-02', '0000', '1969-12', '0099-01-01', '0150-06-15 10:00Z', '0050-06-15 10:00Z', '0050-06-15T10:00Z'];
  for (const y of [0, 99, 1969, 2020, 2021, 9999]) {
    for (const mo of [0, 1, 2, 11, 12, 13]) for (const d of [0, 1, 29, 30, 31, 32]) out.push(`${pad(y, 4)}-${pad(mo)}-${pad(d)}`);
  }
  const times = ['00:00', '02:30', '01:30', '10:00:00', '23:59:59', '24:00', '24:00:00.000', '24:00:00.001', '24:01', '23:60', '10:00:60', '10:00:00.5', '10:00:00.1234567', '12:34:56.789'];
  const zones = ['', 'Z', 'z', '+05:30', '-0800', '-23:59'];
  for (const date of ['2020-01-05', '2021-03-14', '2021-11-07', '2021-03-28', '2021-10-31', '2020-02-30', '1969-12-31', '2020-13-01']) {
    for (const t of times) for (const z of zones) for (const sep of ['T', ' ', 't']) out.push(`${date}${sep}${t}${z}`);
  }
  return out;
}

/** Slash-separated dates, year/month/day and month/day/year, with and without times. */
function slashSamples(): string[] {
  const out = ['0001/01/01', '99/01/01', '0/1/2', '32/1/2', '31/1/2', '2001/001/14', '1/14/0050', '1/1/100', '12/31/1969 19:00'];
  const dates: string[] = [];
  for (const y of ['0', '1', '49', '50', '99', '100', '1969', '2001', '2021', '9999']) {
    for (const mo of [0, 1, 2, 12, 13]) {
      for (const d of [0, 1, 29, 31, 32]) dates.push(`${y}/${mo}/${d}`, `${y}/${pad(mo)}/${pad(d)}`, `${mo}/${d}/${y}`, `${pad(mo)}/${pad(d)}/${y}`);
    }
  }
  out.push(...dates);
  const times = [' 00:00', ' 1:5', ' 21:55', ' 23:59:59', ' 24:00', ' 24:00:00.000', ' 24:00:00.001', ' 24:01', ' 23:60', ' 10:00:60',
    ' 10:00:00.5', ' 10:00:00.1234567', ' 12:00 AM', ' 12:30 PM', ' 0:00 PM', ' 13:00 PM', ' 24:00 AM', ' 11:59:59 pm', ' 9:5:7 am', ' 2:30', ' 1:30',
    '  10:00  PM'];
  for (const date of ['2001/01/14', '1/14/2001', '2021/3/14', '3/14/2021', '2021/11/07', '11/7/21', '2021/3/28', '10/31/2021', '2/30/2001', '1969/12/31']) {
    for (const t of times) out.push(`${date}${t}`);
  }
  return out;
}

/** RFC 2822 and other month-name dates: weekdays, both orders, zones, two-digit years. */
function namedMonthSamples(): string[] {
  const out = ['32 Jan 2001 10:00 GMT', '0 Jan 2001', 'Jan 0, 2001', 'Jan 32 2001', '1 Jan 100 00:00 GMT', '14 Jan 2001 10:00 +0099', '14 Jan 2001 10:00 +2400',
    'Sunday, 14 Jan 2001 10:00 GMT', 'sun,14 JAN 2001 10:00 gmt', '14 January 2001', 'Mon 14 Janxyz 2001 10:00 PM GMT', 'July 15, 2010', 'Jan 5 2020 10:00 GMT'];
  for (const date of ['Sun, 14 Jan 2001', '14 Jan 2001', 'Jan 14, 2001', 'Feb 29 2001', '31 Feb 2020', 'Tue, 14 Mar 2021', '7 Nov 21', '31 Dec 49', 'Dec 31, 50', '1 Jan 1969']) {
    out.push(date);
    for (const t of ['00:00', '02:30', '21:55:00', '23:59:59.999', '24:00', '24:00:01', '10:00 PM', '12:00 AM', '13:00 PM']) {
      for (const z of ['', ' GMT', ' UT', ' UTC', ' Z', ' EST', ' pdt', ' +0100', ' -0830', ' GMT-0500', ' UTC+0530']) out.push(`${date} ${t}${z}`);
    }
  }
  return out;
}

let engine: SqlEngine;
beforeAll(async () => { engine = await testEngine(); });
afterAll(async () => engine?.close());

describe('date strings in SQL', () => {
  const strings = samples();
  for (const timeZone of ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe']) {
    it(`reads every ISO shape it accepts as V8's Date.parse does, in ${timeZone}`, async () => {
      const expected = await withTimeZone(timeZone, async () => strings.map((s) => Date.parse(s)));
      const rows = await engine.queryRows(`SELECT ${dateShapeSql('s')} AS ok, ${dateParseSql('s', timeZone)} AS v FROM (VALUES ${strings.map((s) => `(${stringLiteral(s)})`).join(', ')}) AS t(s)`);
      const accepted = rows.filter((r) => r.ok === true).length;
      expect(accepted).toBeGreaterThan(strings.length * 0.9);
      const diffs = rows.flatMap((r, i) => (r.ok === true && !Object.is(Number(r.v), expected[i]) ? [`${strings[i]}: sql ${String(r.v)}, V8 ${expected[i]}`] : []));
      expect(diffs).toEqual([]);
    });
  }
  const slashes = slashSamples();
  for (const timeZone of ['UTC', 'America/New_York', 'Australia/Lord_Howe']) {
    it(`reads slash-separated dates as V8's legacy parser does, in ${timeZone}`, async () => {
      const expected = await withTimeZone(timeZone, async () => slashes.map((s) => Date.parse(s)));
      const rows = await engine.queryRows(`SELECT ${dateShapeSql('s')} AS ok, ${dateParseSql('s', timeZone)} AS v FROM (VALUES ${slashes.map((s) => `(${stringLiteral(s)})`).join(', ')}) AS t(s)`);
      expect(rows.flatMap((r, i) => (r.ok === true ? [] : [slashes[i]]))).toEqual([]);
      const diffs = rows.flatMap((r, i) => (!Object.is(Number(r.v), expected[i]) ? [`${slashes[i]}: sql ${String(r.v)}, V8 ${expected[i]}`] : []));
      expect(diffs).toEqual([]);
      // Both kinds of result are exercised: dates V8 reads and strings it calls invalid.
      expect(expected.filter((v) => Number.isNaN(v)).length).toBeGreaterThan(100);
      expect(expected.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(300);
    });
  }
  const named = namedMonthSamples();
  for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it(`reads RFC 2822 and month-name dates as V8's legacy parser does, in ${timeZone}`, async () => {
      const expected = await withTimeZone(timeZone, async () => named.map((s) => Date.parse(s)));
      const rows = await engine.queryRows(`SELECT ${dateShapeSql('s')} AS ok, ${dateParseSql('s', timeZone)} AS v FROM (VALUES ${named.map((s) => `(${stringLiteral(s)})`).join(', ')}) AS t(s)`);
      expect(rows.flatMap((r, i) => (r.ok === true ? [] : [named[i]]))).toEqual([]);
      const diffs = rows.flatMap((r, i) => (!Object.is(Number(r.v), expected[i]) ? [`${named[i]}: sql ${String(r.v)}, V8 ${expected[i]}`] : []));
      expect(diffs).toEqual([]);
      expect(expected.filter((v) => Number.isNaN(v)).length).toBeGreaterThan(50);
      expect(expected.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(500);
    });
  }
  it('refuses the shapes V8 reads with its legacy parser that SQL does not', async () => {
    const legacy = ['July 4th 2000', '14 Jan 2001 10:00 CET', '14 Jan 2001 10:00 GMT ', '14 Jan 2001 10:00 +01:00', '2001 Jan 14', '2020/01/05T10:00', '2020/01/05 10:00Z', '2020/01/05 10:00pm', '1/14/2001 10:00 AM ', '1/1/10000', '2020-1-5', ' 2020-01-05', '2020-01-05 ', '0050-06-15 10:00', '2020-01-05 10:00+24:00', '12345'];
    const rows = await engine.queryRows(`SELECT ${dateShapeSql('s')} AS ok FROM (VALUES ${legacy.map((s) => `(${stringLiteral(s)})`).join(', ')}) AS t(s)`);
    expect(rows.map((r) => r.ok)).toEqual(legacy.map(() => false));
  });
});

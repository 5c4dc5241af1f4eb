import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/format-error.ts';
import { deliveryWindow, expectedLatestDelivery, loadShipping, shippingSchema, trackingUrl, type Shipping } from '../../../src/config/shipping.ts';

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.lines.join('\n');
    throw err;
  }
  return '';
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipping-'));
const write = (text: string) => {
  const file = path.join(dir, 'shipping.yaml');
  fs.writeFileSync(file, text);
  return file;
};

const table: Shipping = shippingSchema.parse({
  defaultMethod: 'standard',
  methods: {
    standard: { name: 'Standard', windows: { US: [10, 20], BR: [20, 45], europe: [12, 25], default: [15, 40] } },
    express: { name: 'Express', windows: { default: [5, 10] } },
  },
  regions: { europe: ['DE', 'FR', 'NO'] },
  carriers: [{ name: 'China Post', tracking: 'https://track.example.com/{tracking}' }],
});

const minimal = (windows: string, extra = '') =>
  `defaultMethod: standard\nmethods:\n  standard:\n    name: Standard\n    windows: ${windows}\n${extra}`;

describe('shipping table: the shipped file', () => {
  const shipped = loadShipping(path.resolve('content/shipping.yaml'));
  it('loads and covers a dozen countries, regions and two methods', () => {
    expect(Object.keys(shipped.methods)).toEqual(['standard', 'express']);
    expect(Object.keys(shipped.methods.standard!.windows).filter((k) => /^[A-Z]{2}$/.test(k)).length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(shipped.regions).length).toBeGreaterThanOrEqual(2);
    expect(shipped.carriers.map((c) => c.name)).toEqual(['China Post', 'Cainiao']);
  });
  it('reads NO (Norway) as a country, not as false', () => {
    expect(shipped.regions.europe).toContain('NO');
    expect(deliveryWindow(shipped, 'NO').source).toBe('europe');
  });
});

describe('shipping table: lookup', () => {
  it('uses the country first', () => expect(deliveryWindow(table, 'US')).toEqual({ min: 10, max: 20, source: 'US' }));
  it('then the region', () => expect(deliveryWindow(table, 'fr ')).toEqual({ min: 12, max: 25, source: 'europe' }));
  it('then the default', () => expect(deliveryWindow(table, 'JP')).toEqual({ min: 15, max: 40, source: 'default' }));
  it('by method, falling back to its default', () => {
    expect(deliveryWindow(table, 'US', 'express')).toEqual({ min: 5, max: 10, source: 'default' });
  });
  it('does not mistake inherited property names for countries', () => {
    expect(deliveryWindow(table, 'constructor').source).toBe('default');
  });
  it('refuses an unknown method', () => expect(() => deliveryWindow(table, 'US', 'sea')).toThrow(/unknown shipping method "sea"/));
});

describe('shipping table: expected latest delivery', () => {
  it('adds the most days', () => expect(expectedLatestDelivery(table, '2026-03-01', 'US')).toBe('2026-03-21'));
  it('crosses a month end', () => expect(expectedLatestDelivery(table, '2026-01-20', 'BR')).toBe('2026-03-06'));
  it('crosses a year end', () => expect(expectedLatestDelivery(table, '2026-12-15', 'DE')).toBe('2027-01-09'));
  it('counts 29 February in a leap year', () => expect(expectedLatestDelivery(table, '2028-02-20', 'US')).toBe('2028-03-11'));
  it('uses the method given', () => expect(expectedLatestDelivery(table, '2026-12-28', 'JP', 'express')).toBe('2027-01-07'));
  it('refuses dates that are not real', () => {
    expect(() => expectedLatestDelivery(table, '2026-02-30', 'US')).toThrow(RangeError);
    expect(() => expectedLatestDelivery(table, '2026-3-1', 'US')).toThrow(RangeError);
  });
});

describe('shipping table: tracking links', () => {
  it('puts the URL-encoded number in place of {tracking}', () => {
    expect(trackingUrl(table.carriers[0]!, ' LX123456789CN ')).toBe('https://track.example.com/LX123456789CN');
    expect(trackingUrl(table.carriers[0]!, 'A/B?c=1&d')).toBe('https://track.example.com/A%2FB%3Fc%3D1%26d');
  });
});

describe('shipping table: mistakes name the file and the field', () => {
  it('a window whose fewest days exceed its most days', () => {
    expect(errorText(() => loadShipping(write(minimal('{ US: [30, 20], default: [10, 20] }'))))).toMatch(
      /shipping\.yaml: methods\.standard\.windows\.US: the first number \(fewest days\) must not be more than the second/,
    );
  });
  it('days that are not positive whole numbers', () => {
    const text = errorText(() => loadShipping(write(minimal('{ US: [0, 2.5], default: [10, 20] }'))));
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.US\.0: must be at least 1 day/);
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.US\.1: must be a whole number of days/);
  });
  it('a region that is not defined', () => {
    const text = errorText(() => loadShipping(write(minimal('{ europa: [10, 20], default: [10, 20] }', 'regions:\n  europe: [DE]\n'))));
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.europa: names no region; regions are: europe/);
  });
  it('a tracking template without {tracking} or https', () => {
    const carriers = 'carriers:\n  - name: A\n    tracking: https://track.example.com/\n  - name: B\n    tracking: http://track.example.com/{tracking}\n';
    const text = errorText(() => loadShipping(write(minimal('{ default: [10, 20] }', carriers))));
    expect(text).toMatch(/shipping\.yaml: carriers\.0\.tracking: must contain \{tracking\}/);
    expect(text).toMatch(/shipping\.yaml: carriers\.1\.tracking: must start with https:\/\//);
  });
  it('country codes that are not two capital letters', () => {
    const text = errorText(() => loadShipping(write(minimal('{ default: [10, 20] }', 'regions:\n  europe: [DE, fra]\n'))));
    expect(text).toMatch(/shipping\.yaml: regions\.europe\.1: must be a two-letter country code/);
  });
  it('a method without a default window', () => {
    const text = errorText(() => loadShipping(write(minimal('{ US: [10, 20] }'))));
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows: needs a default window/);
  });
  it('keys that are neither country codes nor names, reported with the other mistakes', () => {
    const text = errorText(() => loadShipping(write(minimal('{ Europe: [10, 20], us: [1, 2], default: [10, 20] }', 'regions:\n  Asia: [JP]\n'))));
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.Europe: must be a country code such as US, a region name/);
    expect(text).toMatch(/shipping\.yaml: regions\.Asia: must be lower-case letters/);
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.us: names no region/);
  });
  it('a window that is not a pair of numbers', () => {
    const text = errorText(() => loadShipping(write(minimal('{ US: 10, default: [10, 20, 30] }'))));
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.US: must be \[fewest days, most days\]/);
    expect(text).toMatch(/shipping\.yaml: methods\.standard\.windows\.default: must be \[fewest days, most days\]/);
  });
  it('a country in two regions', () => {
    const text = errorText(() => loadShipping(write(minimal('{ default: [10, 20] }', 'regions:\n  eu: [DE, FR]\n  dach: [AT, DE]\n'))));
    expect(text).toMatch(/shipping\.yaml: regions\.dach\.1: DE is already in region eu/);
  });
  it('a default method that is not defined', () => {
    const text = errorText(() => loadShipping(write(minimal('{ default: [10, 20] }').replace('defaultMethod: standard', 'defaultMethod: normal'))));
    expect(text).toMatch(/shipping\.yaml: defaultMethod: names no method; methods are: standard/);
  });
  it('a misspelt key', () => {
    expect(errorText(() => loadShipping(write(minimal('{ default: [10, 20] }', 'carrier: []\n'))))).toMatch(/shipping\.yaml: .*carrier/);
  });
  it('broken YAML', () => {
    expect(errorText(() => loadShipping(write('methods: [unclosed\n')))).toMatch(/shipping\.yaml: /);
  });
});

import { describe, expect, it } from 'vitest';
import { checkTaxId, taxIdKnown } from '../../../src/flows/tax-id.ts';

const ok = (normalised: string) => ({ ok: true, normalised });
const bad = (reason: 'format' | 'checksum') => ({ ok: false, reason });

/** Change one digit (at index i of the digits) to the next digit, keeping the punctuation. */
function bumpDigit(value: string, i: number): string {
  let seen = -1;
  return value.replace(/\d/g, (d) => (++seen === i ? String((Number(d) + 1) % 10) : d));
}

// An independent statement of the CPF rule (the "×10 mod 11 mod 10" form of the official one),
// so generated examples do not just repeat the code under test.
function cpfWithCheckDigits(nine: string): string {
  const digit = (ds: number[]) => ((ds.reduce((s, d, i) => s + d * (ds.length + 1 - i), 0) * 10) % 11) % 10;
  const d = [...nine].map(Number);
  d.push(digit(d));
  d.push(digit(d));
  return d.join('');
}

describe('tax ID: Brazil CPF', () => {
  it('accepts the public example 529.982.247-25 with or without punctuation', () => {
    expect(checkTaxId('BR', '529.982.247-25')).toEqual(ok('52998224725'));
    expect(checkTaxId('BR', ' 529 982 247 25 ')).toEqual(ok('52998224725'));
    expect(checkTaxId('br', '52998224725')).toEqual(ok('52998224725'));
  });
  it('rejects every one-digit change of it', () => {
    for (let i = 0; i < 11; i++) expect(checkTaxId('BR', bumpDigit('529.982.247-25', i))).toEqual(bad('checksum'));
  });
  it('rejects numbers of one repeated digit, which pass the arithmetic', () => {
    expect(checkTaxId('BR', '111.111.111-11')).toEqual(bad('checksum'));
    expect(checkTaxId('BR', '000.000.000-00')).toEqual(bad('checksum'));
  });
  it('agrees with an independent statement of the rule', () => {
    for (const nine of ['123456789', '987654321', '000000001', '390533447', '111444777']) {
      const cpf = cpfWithCheckDigits(nine);
      expect(checkTaxId('BR', cpf)).toEqual(ok(cpf));
    }
    expect(cpfWithCheckDigits('529982247')).toBe('52998224725');
  });
  it('rejects the wrong number of digits or letters as format', () => {
    expect(checkTaxId('BR', '529.982.247-2')).toEqual(bad('format'));
    expect(checkTaxId('BR', '529.982.247-255')).toEqual(bad('format'));
    expect(checkTaxId('BR', '529.982.24X-25')).toEqual(bad('format'));
    expect(checkTaxId('BR', '')).toEqual(bad('format'));
  });
});

describe('tax ID: Brazil CNPJ', () => {
  it('accepts the public example 11.222.333/0001-81', () => {
    expect(checkTaxId('BR', '11.222.333/0001-81')).toEqual(ok('11222333000181'));
  });
  it('rejects every one-digit change of it', () => {
    for (let i = 0; i < 14; i++) expect(checkTaxId('BR', bumpDigit('11.222.333/0001-81', i))).toEqual(bad('checksum'));
  });
  it('accepts the Receita Federal alphanumeric example 12.ABC.345/01DE-35', () => {
    expect(checkTaxId('BR', '12.abc.345/01de-35')).toEqual(ok('12ABC34501DE35'));
    expect(checkTaxId('BR', '12.ABC.345/01DF-35')).toEqual(bad('checksum'));
  });
  it('rejects all-same numbers and letters in the check digits', () => {
    expect(checkTaxId('BR', '00.000.000/0000-00')).toEqual(bad('checksum'));
    expect(checkTaxId('BR', '11.222.333/0001-8A')).toEqual(bad('format'));
  });
});

describe('tax ID: Chile RUT', () => {
  it('accepts valid RUTs in the ways they are written', () => {
    expect(checkTaxId('CL', '12.345.678-5')).toEqual(ok('12345678-5'));
    expect(checkTaxId('CL', '123456785')).toEqual(ok('12345678-5'));
    expect(checkTaxId('CL', '7.654.321-6')).toEqual(ok('7654321-6'));
    expect(checkTaxId('CL', '10.000.013-k')).toEqual(ok('10000013-K'));
    expect(checkTaxId('CL', '10000004-0')).toEqual(ok('10000004-0'));
  });
  it('rejects a wrong check character', () => {
    expect(checkTaxId('CL', '12.345.678-4')).toEqual(bad('checksum'));
    expect(checkTaxId('CL', '12.345.678-K')).toEqual(bad('checksum'));
    expect(checkTaxId('CL', '10.000.013-0')).toEqual(bad('checksum'));
    expect(checkTaxId('CL', '12.345.679-5')).toEqual(bad('checksum'));
  });
  it('rejects what is not a RUT as format', () => {
    expect(checkTaxId('CL', '12.345.678-X')).toEqual(bad('format'));
    expect(checkTaxId('CL', '123.456.789-0')).toEqual(bad('format'));
    expect(checkTaxId('CL', '1-9')).toEqual(bad('format'));
  });
});

describe('tax ID: South Korea personal customs clearance code', () => {
  it('accepts P and 12 digits', () => {
    expect(checkTaxId('KR', 'P123456789012')).toEqual(ok('P123456789012'));
    expect(checkTaxId('KR', ' p1234-5678-9012 ')).toEqual(ok('P123456789012'));
  });
  it('rejects anything else as format', () => {
    expect(checkTaxId('KR', 'P12345678901')).toEqual(bad('format'));
    expect(checkTaxId('KR', 'P1234567890123')).toEqual(bad('format'));
    expect(checkTaxId('KR', 'Q123456789012')).toEqual(bad('format'));
    expect(checkTaxId('KR', '900101-1234567')).toEqual(bad('format'));
  });
});

describe('tax ID: Mexico RFC', () => {
  it('accepts people (4 letters) and companies (3 letters)', () => {
    expect(checkTaxId('MX', 'GODE561231GR8')).toEqual(ok('GODE561231GR8'));
    expect(checkTaxId('MX', 'abc-680524-p76')).toEqual(ok('ABC680524P76'));
    expect(checkTaxId('MX', 'ÑAND800229AB1')).toEqual(ok('ÑAND800229AB1'));
    expect(checkTaxId('MX', 'XAXX010101000')).toEqual(ok('XAXX010101000'));
  });
  it('rejects impossible dates and wrong shapes as format', () => {
    expect(checkTaxId('MX', 'GODE561331GR8')).toEqual(bad('format'));
    expect(checkTaxId('MX', 'GODE560230GR8')).toEqual(bad('format'));
    expect(checkTaxId('MX', 'GODE810229GR8')).toEqual(bad('format'));
    expect(checkTaxId('MX', 'GODE560000GR8')).toEqual(bad('format'));
    expect(checkTaxId('MX', 'GO561231GR8')).toEqual(bad('format'));
    expect(checkTaxId('MX', 'GODE561231GR')).toEqual(bad('format'));
  });
});

describe('tax ID: other countries', () => {
  it('passes the trimmed value through and says the format is unknown', () => {
    expect(checkTaxId('DE', '  12 345 678 901 ')).toEqual(ok('12 345 678 901'));
    expect(taxIdKnown('DE')).toBe(false);
    expect(taxIdKnown('US')).toBe(false);
  });
  it('knows the countries it checks, in any case', () => {
    for (const c of ['BR', 'CL', 'KR', 'MX', 'br', ' mx ']) expect(taxIdKnown(c)).toBe(true);
  });
});

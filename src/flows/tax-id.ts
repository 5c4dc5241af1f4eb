// Customs in some countries hold a parcel until the buyer gives a personal tax ID. A mistyped
// ID sends the parcel back to customs and the ticket round again, so where the format (and
// often a check digit) is public we check it while the buyer is still on the form. Elsewhere
// the value is passed through: we cannot know the rules, and refusing would block the buyer.
//
// `normalised` is the compact form customs systems take: no dots, spaces or slashes; for
// Chile the dash before the check digit is kept, as it is always written.

export type TaxIdCheck = { ok: true; normalised: string } | { ok: false; reason: 'format' | 'checksum' };

const KNOWN = new Set(['BR', 'CL', 'KR', 'MX']);

export function taxIdKnown(country: string): boolean {
  return KNOWN.has(country.trim().toUpperCase());
}

export function checkTaxId(country: string, value: string): TaxIdCheck {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, reason: 'format' };
  switch (country.trim().toUpperCase()) {
    case 'BR':
      return checkBrazil(trimmed);
    case 'CL':
      return checkRut(trimmed);
    case 'KR':
      return checkKoreaPccc(trimmed);
    case 'MX':
      return checkRfc(trimmed);
    default:
      return { ok: true, normalised: trimmed };
  }
}

const fail = (reason: 'format' | 'checksum'): TaxIdCheck => ({ ok: false, reason });

/** Brazil: CPF (people, 11 digits) or CNPJ (companies, 14 characters), both with two mod-11 check digits. */
function checkBrazil(value: string): TaxIdCheck {
  const compact = value.replace(/[\s./-]/g, '').toUpperCase();
  if (/^\d{11}$/.test(compact)) return checkCpf(compact);
  // From July 2026 new CNPJs may carry letters in the first 12 places; check digits stay digits.
  if (/^[0-9A-Z]{12}\d{2}$/.test(compact)) return checkCnpj(compact);
  return fail('format');
}

function checkCpf(cpf: string): TaxIdCheck {
  // 000.000.000-00, 111.111.111-11 … pass the arithmetic but are never issued.
  if (/^(\d)\1{10}$/.test(cpf)) return fail('checksum');
  const d = [...cpf].map(Number);
  const check = (n: number) => {
    // Weights run down from n+1 to 2 over the first n digits.
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[i]! * (n + 1 - i);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(9) === d[9] && check(10) === d[10] ? { ok: true, normalised: cpf } : fail('checksum');
}

function checkCnpj(cnpj: string): TaxIdCheck {
  if (/^(.)\1{13}$/.test(cnpj)) return fail('checksum');
  // Receita Federal's rule: a character counts as its ASCII code minus 48 (digits stay themselves).
  const v = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  const check = (n: number) => {
    // Weights 2..9 repeating, from the rightmost of the first n characters leftwards.
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[n - 1 - i]! * (2 + (i % 8));
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(12) === v[12] && check(13) === v[13] ? { ok: true, normalised: cnpj } : fail('checksum');
}

/** Chile: RUT/RUN, a number and a mod-11 check character (0–9 or K), e.g. 12.345.678-5. */
function checkRut(value: string): TaxIdCheck {
  const compact = value.replace(/[\s.-]/g, '').toUpperCase();
  const m = /^0*(\d{6,8})([\dK])$/.exec(compact);
  if (!m) return fail('format');
  const body = m[1]!;
  const given = m[2]!;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (2 + (i % 6));
  const r = 11 - (sum % 11);
  const expected = r === 11 ? '0' : r === 10 ? 'K' : String(r);
  return given === expected ? { ok: true, normalised: `${body}-${given}` } : fail('checksum');
}

/** South Korea: Personal Customs Clearance Code, P and 12 digits. Its check is not public. */
function checkKoreaPccc(value: string): TaxIdCheck {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  return /^P\d{12}$/.test(compact) ? { ok: true, normalised: compact } : fail('format');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Mexico: RFC. 4 letters for a person (3 for a company), the YYMMDD of birth or founding,
 * and a 3-character homoclave. Letters include Ñ and &. Format only: the homoclave's check
 * character needs SAT's full algorithm and a false "wrong" would block a correct buyer.
 */
function checkRfc(value: string): TaxIdCheck {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{3})$/u.exec(compact);
  if (!m) return fail('format');
  const year = Number(m[2]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  // The century is not written; 29 February needs a year divisible by 4 (2000 was a leap year).
  const maxDay = month === 2 && year % 4 !== 0 ? 28 : DAYS_IN_MONTH[month - 1];
  if (maxDay === undefined || day < 1 || day > maxDay) return fail('format');
  return { ok: true, normalised: compact };
}

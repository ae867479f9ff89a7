// Ajv divides in binary floating point, so `0.3` is "not a multiple of 0.1" and `19.99` not of
// `0.01` — a kader typing a weight or a price would be refused. JSON numbers are decimals, so the
// check is done on their decimal digits instead, exactly.

interface Decimal {
  /** The significant digits, as written. */
  digits: string;
  /** value = digits × 10^exponent */
  exponent: number;
}

/** The shortest decimal that round-trips to `value`: what was typed in the JSON. */
const toDecimal = (value: number): Decimal => {
  const text = String(Math.abs(value));
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const power = e === -1 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  if (dot === -1) return { digits: mantissa, exponent: power };
  return { digits: mantissa.slice(0, dot) + mantissa.slice(dot + 1), exponent: power - (mantissa.length - dot - 1) };
};

// Below 2^53 integer arithmetic on doubles is exact; 15 digits stays well below it.
const MAX_EXACT_DIGITS = 15;
const FAST_LIMIT = 2 ** 50;

interface Divisor extends Decimal {
  /** Digits after the decimal point. */
  scale: number;
  /** The divisor × 10^scale, an integer. */
  scaled: number;
}

const toDivisor = (divisor: number): Divisor => {
  const decimal = toDecimal(divisor);
  const scale = Math.max(0, -decimal.exponent);
  return { ...decimal, scale, scaled: Number(decimal.digits) * 10 ** (decimal.exponent + scale) };
};

// Exact in decimals by construction: `value` and the divisor as digit strings, scaled to integers.
const isMultipleBySlowPath = (value: number, divisor: Divisor): boolean => {
  const decimal = toDecimal(value);
  const exponent = Math.min(decimal.exponent, divisor.exponent);
  const valueShift = decimal.exponent - exponent;
  const divisorShift = divisor.exponent - exponent;
  if (decimal.digits.length + valueShift <= MAX_EXACT_DIGITS && divisor.digits.length + divisorShift <= MAX_EXACT_DIGITS) {
    return (Number(decimal.digits) * 10 ** valueShift) % (Number(divisor.digits) * 10 ** divisorShift) === 0;
  }
  const scaledValue = BigInt(decimal.digits) * 10n ** BigInt(valueShift);
  return scaledValue % (BigInt(divisor.digits) * 10n ** BigInt(divisorShift)) === 0n;
};

const isMultipleOfDivisor = (value: number, divisor: Divisor): boolean => {
  if (!Number.isFinite(value)) return false;
  if (value === 0) return true;
  // Fast path, same answer: below 2^50 the only decimal with `scale` digits after the point that can
  // round-trip to `value` is round(value × 10^scale); if dividing it back gives `value`, that
  // decimal is what was typed (a longer one would not round-trip), and integers compare exactly.
  if (divisor.scale <= 22 && Number.isSafeInteger(divisor.scaled)) {
    const power = 10 ** divisor.scale;
    const scaled = Math.round(Math.abs(value) * power);
    if (scaled < FAST_LIMIT) return scaled / power === Math.abs(value) && scaled % divisor.scaled === 0;
  }
  return isMultipleBySlowPath(value, divisor);
};

/** True when `value` is an integer multiple of `divisor` (> 0), in decimal arithmetic. */
export const isDecimalMultiple = (value: number, divisor: number): boolean =>
  Number.isFinite(divisor) && divisor > 0 && isMultipleOfDivisor(value, toDivisor(divisor));

/** The check of one `multipleOf` divisor, prepared once; what standalone validator code calls. */
export const decimalMultipleCheck = (divisor: number): ((value: number) => boolean) => {
  const prepared = toDivisor(divisor);
  return (value) => isMultipleOfDivisor(value, prepared);
};

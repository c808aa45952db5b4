// Text as a number detector should read it, with a map back to the text as typed. Pure.
//
// People type numbers in full-width digits (a normal output of Chinese input methods: １３８),
// with full-width separators (－ ． ／ （ ） and the ideographic space), and now and then in
// another script's digits (Arabic-Indic ١٣٨). NFKC folds the compatibility forms into ASCII;
// digits of other scripts, which NFKC keeps, are mapped to ASCII by their decimal value. Every
// character of the result remembers which characters of the input it came from, so a value found
// in the normalised text is masked in the original, at exactly the span it was typed in.

export interface NormalisedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`: the start of the input character it came from … */
  readonly from: Int32Array | null;
  /** … and the end (exclusive). Both null when `text` is the input itself. */
  readonly to: Int32Array | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "any ASCII", control characters included
const NON_ASCII = /[^\x00-\x7F]/;
const DECIMAL = /\p{Nd}/u;

export function normaliseForScan(input: string): NormalisedText {
  if (!NON_ASCII.test(input)) return { text: input, from: null, to: null };
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    // ASCII and the CJK ideographs that make up most of a Chinese note are NFKC-stable.
    const stable = cp < 0x80 || (cp >= 0x4e00 && cp <= 0x9fff);
    const piece = stable ? String.fromCodePoint(cp) : asciiDigits(String.fromCodePoint(cp).normalize('NFKC'));
    out += piece;
    for (let k = 0; k < piece.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    i += width;
  }
  if (out === input) return { text: input, from: null, to: null };
  return { text: out, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The input span a span [start, end) of the normalised text came from. */
export function originalSpan(n: NormalisedText, start: number, end: number): [number, number] {
  if (n.from === null || n.to === null) return [start, end];
  return [n.from[start]!, n.to[end - 1]!];
}

// Unicode encodes each script's decimal digits as a contiguous run 0–9, so a digit's value is
// its distance from the start of its run, modulo 10 (the few longer runs, mathematical digits,
// are folded to ASCII by NFKC before this).
function asciiDigits(piece: string): string {
  let out = '';
  for (const ch of piece) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || !DECIMAL.test(ch)) {
      out += ch;
      continue;
    }
    let start = cp;
    while (cp - start < 60 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
    out += String.fromCharCode(48 + ((cp - start) % 10));
  }
  return out;
}

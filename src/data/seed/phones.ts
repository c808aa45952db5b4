// Mobile numbers: 11-digit mainland numbers on prefixes carriers actually issue to handsets, and
// about 3% international numbers in E.164 form (+44…, +1…) for customers abroad.
//
// 146 (data-only IoT SIMs) and 174 (satellite) are left out on purpose: libphonenumber does not
// treat them as valid mobiles, and a customer's phone should pass the gateway's own validation.
import type { Rng } from './prng';

export const CN_MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '145',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '170',
  '171',
  '172',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];

const INTERNATIONAL_SHARE = 0.03;

// Each entry builds a number that libphonenumber validates as a mobile (or NANP line) of its
// country; the sub-ranges were picked to avoid blocks that are unallocated.
const INTERNATIONAL: readonly ((rng: Rng) => string)[] = [
  // United Kingdom mobiles: +44 7[458]xx xxxxxx
  (rng) => `+447${rng.pick(['4', '5', '8'])}${rng.digits(8)}`,
  // United States: real area codes, exchange 2xx–9xx avoiding N11 and the fictional 555.
  (rng) => {
    const area = rng.pick(['212', '415', '646', '617', '312', '206', '213', '305', '702', '512']);
    let exchange: string;
    do exchange = `${rng.int(2, 9)}${rng.digits(2)}`;
    while (exchange === '555' || exchange.slice(1) === '11');
    return `+1${area}${exchange}${rng.digits(4)}`;
  },
  // Hong Kong mobiles: +852 6xxx xxxx / 9xxx xxxx
  (rng) => `+852${rng.pick(['61', '63', '64', '65', '69', '94', '96', '97'])}${rng.digits(6)}`,
  // Singapore mobiles: +65 8xxx xxxx / 9xxx xxxx
  (rng) => `+65${rng.int(81, 98)}${rng.digits(6)}`,
  // Japan mobiles: +81 [789]0 xxxx xxxx
  (rng) => `+81${rng.pick(['70', '80', '90'])}${rng.int(1, 9)}${rng.digits(7)}`,
  // Australia mobiles: +61 4xx xxx xxx
  (rng) => `+614${rng.pick(['0', '1', '2', '3', '6'])}${rng.digits(7)}`,
];

export function makeCnMobile(rng: Rng): string {
  return rng.pick(CN_MOBILE_PREFIXES) + rng.digits(8);
}

export function makePhone(rng: Rng): string {
  return rng.chance(INTERNATIONAL_SHARE) ? rng.pick(INTERNATIONAL)(rng) : makeCnMobile(rng);
}

export function isCnMobile(phone: string): boolean {
  return /^\d{11}$/.test(phone) && CN_MOBILE_PREFIXES.includes(phone.slice(0, 3));
}

import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read out over the phone or typed from paper is not mistaken. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const GROUPS = 3;
const GROUP = 4;

/** A coupon code such as 7KQ4-MX2P-R9TD: 12 symbols from 31, about 59 bits from the system's CSPRNG. */
export function couponCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let part = '';
    for (let i = 0; i < GROUP; i++) part += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(part);
  }
  return groups.join('-');
}

import { PHONE_RE } from '@crm/schema';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as it came in (an import cell, a vCard TEL, a web form), read in a region:
 * '(415) 555-2671' with region US → '+1 415 555 2671'; a number with its own +country code keeps it.
 * Numbers outside China are stored internationally (they stay unambiguous for dedupe and dialling);
 * a Chinese number keeps the way it was written. null when the text is no phone number.
 * Every way phones come in stores this same form.
 */
export function toPhone(text: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  if (!parsed?.isPossible()) return null;
  if (parsed.countryCallingCode === '86') return PHONE_RE.test(text) ? text : parsed.formatNational();
  return parsed.formatInternational();
}

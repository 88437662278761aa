import { type Errors, check, countyRule, phoneRule, textRule } from '#lib/validation.ts';

export type ProfileField = 'name' | 'contactName' | 'contactPhone' | 'county';

/** The organisation profile form; only vendors keep a county. */
export function profileErrors(v: Record<ProfileField, string>, isVendor: boolean): Errors<ProfileField> {
  return check<ProfileField>(
    { name: textRule(2, 100), contactName: textRule(1, 60), contactPhone: phoneRule, county: (c) => (isVendor ? countyRule(c) : null) },
    v,
  );
}

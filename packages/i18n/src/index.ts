// Languages for driver pages, emails and the operator dashboard (#19). How to add a catalogue (the dashboard's, say): see
// packages/i18n/README.md.
import { driverEn, type DriverMessages } from './messages/driver.en.ts';
import { driverHi } from './messages/driver.hi.ts';
import { emailEn, type EmailMessages } from './messages/email.en.ts';
import { dashboardEn, type DashboardMessages } from './messages/dashboard.en.ts';
import { dashboardHi } from './messages/dashboard.hi.ts';
import { emailHi } from './messages/email.hi.ts';
import type { Locale } from './locales.ts';
import { makeTranslator, type Translation, type Translator } from './translate.ts';

export * from './locales.ts';
export * from './format.ts';
export {
  interpolate,
  placeholdersOf,
  makeTranslator,
  type Translation,
  type Translator,
  type Vars,
} from './translate.ts';
export type { DriverMessages, DriverKey } from './messages/driver.en.ts';
export type { EmailMessages } from './messages/email.en.ts';
export type { DashboardMessages, DashboardKey } from './messages/dashboard.en.ts';

export const DRIVER_CATALOGUES: { [L in Locale]: Translation<DriverMessages> } = { en: driverEn, hi: driverHi };
export const EMAIL_CATALOGUES: { [L in Locale]: Translation<EmailMessages> } = { en: emailEn, hi: emailHi };
export const DASHBOARD_CATALOGUES: { [L in Locale]: Translation<DashboardMessages> } = {
  en: dashboardEn,
  hi: dashboardHi,
};

export type DriverT = Translator<DriverMessages>;
export type EmailT = Translator<EmailMessages>;
export type DashboardT = Translator<DashboardMessages>;

/** The driver pages' strings in a locale. */
export const driverT = (locale: Locale): DriverT => makeTranslator(DRIVER_CATALOGUES, locale);
/** The driver emails' strings in a locale. */
export const emailT = (locale: Locale): EmailT => makeTranslator(EMAIL_CATALOGUES, locale);
/** The operator dashboard's strings in a locale. */
export const dashboardT = (locale: Locale): DashboardT => makeTranslator(DASHBOARD_CATALOGUES, locale);

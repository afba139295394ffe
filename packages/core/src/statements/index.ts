export * from './statement-document.ts';
export * from './statement-pdf.ts';
export { statementFonts, type StatementFonts } from './statement-fonts.ts';
export * from './list-statements.ts';
export * from './send-statement-emails.ts';

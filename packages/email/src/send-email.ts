import type { Db } from '@magma/db';
import { Resend } from 'resend';
import { fromAddress, LOGO_CONTENT_ID, logoSrcOf, type Brand } from './brand.ts';
import { renderEmail, type TemplateName, type TemplateProps } from './render.tsx';

export type SendEmailResult =
  | { status: 'SENT'; outboxId: string; providerId: string }
  /** No Resend key: kept in the dev outbox for the operator console to show. */
  | { status: 'OUTBOX'; outboxId: string }
  | { status: 'FAILED'; outboxId: string; error: string };

/** A file sent with the email (Resend: `attachments[].content` is base64). At most 10 MB in all. */
export type EmailAttachment = { filename: string; contentType: string; content: Uint8Array };

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The outbox keeps no files: its copy names what was attached, so the dev console shows it. */
function attachmentNote(html: string, attachments: EmailAttachment[]): string {
  if (attachments.length === 0) return html;
  const list = attachments
    .map((a) => `${escapeHtml(a.filename)} (${Math.max(1, Math.round(a.content.byteLength / 1024))} KB)`)
    .join(', ');
  const note = `<p data-attachments style="font:12px sans-serif;color:#6b7280">Attached: ${list}</p>`;
  return html.includes('</body>') ? html.replace('</body>', `${note}</body>`) : html + note;
}

export type SendEmailInput<T extends TemplateName> = {
  db: Db;
  tenantId: string | null;
  brand: Brand;
  to: string;
  template: T;
  props: TemplateProps[T];
  attachments?: EmailAttachment[];
  /** From the app's config; without it the email goes to the outbox only. */
  resendApiKey?: string;
  /** For contract tests against a local server; default https://api.resend.com. */
  resendBaseUrl?: string;
};

/**
 * Renders the template in the tenant's brand and records it in EmailOutbox. With a Resend key it
 * is sent (the outbox row id is the Idempotency-Key, so a retry of the same row is not sent twice)
 * and the row ends SENT with Resend's id, or FAILED with the error. Never throws for a refused send:
 * an email is never worth failing the caller's operation over.
 */
export async function sendEmail<T extends TemplateName>({
  db,
  tenantId,
  brand,
  to,
  template,
  props,
  attachments = [],
  resendApiKey,
  resendBaseUrl,
}: SendEmailInput<T>): Promise<SendEmailResult> {
  const attachedBytes = attachments.reduce((n, a) => n + a.content.byteLength, 0);
  if (attachedBytes > MAX_ATTACHMENT_BYTES) throw new RangeError(`Attachments of ${attachedBytes} bytes exceed 10 MB`);
  const rendered = await renderEmail({ brand, template, props });
  const from = fromAddress(brand);
  // An inline logo travels as an attachment the HTML names by Content-ID; the outbox, read in a
  // browser, shows the same image from a data: URL.
  const inlineLogo = logoSrcOf(brand) === `cid:${LOGO_CONTENT_ID}` ? brand.logoImage : null;
  const row = await db.emailOutbox.create({
    data: {
      tenantId,
      to,
      from,
      subject: rendered.subject,
      html: attachmentNote(
        inlineLogo
          ? rendered.html.replaceAll(
              `cid:${LOGO_CONTENT_ID}`,
              `data:${inlineLogo.contentType};base64,${inlineLogo.base64}`,
            )
          : rendered.html,
        attachments,
      ),
      text: rendered.text,
      template,
      status: resendApiKey ? 'QUEUED' : 'OUTBOX',
    },
  });
  if (!resendApiKey) return { status: 'OUTBOX', outboxId: row.id };

  const resend = new Resend(resendApiKey, resendBaseUrl ? { baseUrl: resendBaseUrl.replace(/\/+$/, '') } : undefined);
  let error: string;
  try {
    const { data, error: sendError } = await resend.emails.send(
      {
        from,
        to: [to],
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        ...(brand.supportEmail ? { replyTo: brand.supportEmail } : {}),
        tags: [{ name: 'template', value: template.replace(/[^a-zA-Z0-9_-]/g, '_') }],
        ...(inlineLogo || attachments.length > 0
          ? {
              attachments: [
                ...(inlineLogo
                  ? [
                      {
                        filename: `logo.${inlineLogo.contentType.slice('image/'.length)}`,
                        content: inlineLogo.base64,
                        contentType: inlineLogo.contentType,
                        contentId: LOGO_CONTENT_ID,
                      },
                    ]
                  : []),
                ...attachments.map((a) => ({
                  filename: a.filename,
                  content: Buffer.from(a.content).toString('base64'),
                  contentType: a.contentType,
                })),
              ],
            }
          : {}),
      },
      { idempotencyKey: `email-${row.id}` },
    );
    if (data?.id) {
      await db.emailOutbox.update({
        where: { id: row.id },
        data: { status: 'SENT', providerId: data.id, sentAt: new Date() },
      });
      return { status: 'SENT', outboxId: row.id, providerId: data.id };
    }
    error = sendError ? `${sendError.name}: ${sendError.message}` : 'Resend returned no id';
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await db.emailOutbox.update({ where: { id: row.id }, data: { status: 'FAILED', error: error.slice(0, 1000) } });
  return { status: 'FAILED', outboxId: row.id, error };
}

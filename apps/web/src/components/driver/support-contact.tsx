/** The operator's support contact from its brand settings: email and, when set, phone. */
export function SupportContact({ email, phone }: { email: string | null; phone: string | null }) {
  if (!email && !phone) return null;
  return (
    <p className="text-center text-sm text-muted" data-testid="support-contact">
      Need help?{' '}
      {email ? (
        <a className="font-medium text-primary underline" href={`mailto:${email}`}>
          {email}
        </a>
      ) : null}
      {email && phone ? ' · ' : null}
      {phone ? (
        <a
          className="whitespace-nowrap font-medium text-primary underline"
          href={`tel:${phone.replace(/[^\d+]/g, '')}`}
        >
          {phone}
        </a>
      ) : null}
    </p>
  );
}

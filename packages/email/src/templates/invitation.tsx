import { Button, Link, Text } from '@react-email/components';
import type { Brand } from '../brand.ts';
import { EmailLayout, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime } from '../format.ts';

export type InvitationProps = {
  inviteeName?: string;
  inviterName: string;
  /** The operator or vendor the person is invited to. */
  organizationName: string;
  roleLabel: string;
  /** Opens the page where the invitee sets a password. */
  acceptUrl: string;
  expiresAt: Date;
  timeZone?: string;
};

/**
 * "Koramangala Parking LLP on Greenline EV", or just "Voltway Mobility" when the operator's own
 * brand is the organisation (never "Voltway Mobility on Voltway Mobility").
 */
export function invitedTo(p: Pick<InvitationProps, 'organizationName'>, brand: Pick<Brand, 'name'>): string {
  const same = p.organizationName.trim().toLowerCase() === brand.name.trim().toLowerCase();
  return same ? brand.name : `${p.organizationName} on ${brand.name}`;
}

export const invitationSubject = (p: InvitationProps, brand: Brand) =>
  `${p.inviterName} invited you to ${invitedTo(p, brand)}`;

export function Invitation({ brand, ...p }: InvitationProps & { brand: Brand }) {
  return (
    <EmailLayout brand={brand} preview={`Join ${invitedTo(p, brand)}`}>
      <Heading brand={brand}>You are invited</Heading>
      <Paragraph>
        {p.inviteeName ? `Hello ${p.inviteeName}, ` : 'Hello, '}
        {p.inviterName} invited you to join {invitedTo(p, brand)} as {p.roleLabel}.
      </Paragraph>
      <Paragraph>Set your password to get started:</Paragraph>
      <Button
        href={p.acceptUrl}
        style={{ backgroundColor: brand.primaryColor, borderRadius: 6, color: '#ffffff', padding: '12px 20px' }}
      >
        Set your password
      </Button>
      <Text style={{ color: '#6b7280', fontSize: 12, marginTop: 16 }}>
        This link works until {formatDateTime(p.expiresAt, p.timeZone)}. If the button does not work, open{' '}
        <Link href={p.acceptUrl} style={{ color: brand.accentColor }}>
          {p.acceptUrl}
        </Link>
        . If you did not expect this invitation, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

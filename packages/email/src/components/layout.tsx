import { Body, Container, Head, Hr, Html, Img, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { emailT, type Locale } from '@magma/i18n';
import { logoSrcOf, type Brand } from '../brand.ts';

export function EmailLayout({
  brand,
  preview,
  locale = 'en',
  children,
}: {
  brand: Brand;
  preview: string;
  /** The reader's language: `lang` on the document, the footer's words. */
  locale?: Locale;
  children: ReactNode;
}) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f4f5f7', fontFamily: brand.fontFamily, margin: 0, padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', borderRadius: 8, maxWidth: 560, overflow: 'hidden' }}>
          <Section style={{ backgroundColor: brand.primaryColor, padding: '20px 24px' }}>
            {logoSrcOf(brand) ? (
              <Img src={logoSrcOf(brand)!} alt={brand.name} height={32} style={{ display: 'block' }} />
            ) : (
              <Text style={{ color: '#ffffff', fontSize: 20, fontWeight: 700, margin: 0 }}>{brand.name}</Text>
            )}
          </Section>
          <Section style={{ padding: '24px' }}>{children}</Section>
          <Hr style={{ borderColor: '#e5e7eb', margin: 0 }} />
          <Section style={{ padding: '16px 24px' }}>
            <Text style={{ color: '#6b7280', fontSize: 12, margin: 0 }}>
              {brand.name}
              {brand.supportEmail ? ` · ${emailT(locale)('layout.questions', { email: brand.supportEmail })}` : ''}
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function Heading({ brand, children }: { brand: Brand; children: ReactNode }) {
  return (
    <Text style={{ color: brand.primaryColor, fontSize: 22, fontWeight: 700, margin: '0 0 12px' }}>{children}</Text>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ color: '#111827', fontSize: 15, lineHeight: '22px', margin: '0 0 12px' }}>{children}</Text>;
}

/** Label/value rows (a third `true` makes a row bold, e.g. the total); tables survive every mail client. */
export function Facts({ rows }: { rows: [label: string, value: string, strong?: boolean][] }) {
  return (
    <table
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      role="presentation"
      style={{ margin: '8px 0 16px', fontSize: 14 }}
    >
      <tbody>
        {rows.map(([label, value, strong]) => (
          <tr key={label} style={strong ? { fontWeight: 700, fontSize: 16 } : undefined}>
            <td style={{ color: strong ? '#111827' : '#6b7280', padding: '4px 0' }}>{label}</td>
            <td style={{ color: '#111827', padding: '4px 0', textAlign: 'right' }}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

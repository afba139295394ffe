import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';

// Deliberately unbranded: each tenant's layout sets its own title, colours and logo.
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so Next can put the proxy's CSP nonce on its scripts (a prerendered page
  // would carry none and its scripts would be refused).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}

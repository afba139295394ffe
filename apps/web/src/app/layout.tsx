import type { ReactNode } from 'react';
import './globals.css';

// Deliberately unbranded: each tenant's layout sets its own title, colours and logo.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}

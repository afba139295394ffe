export { cx } from './cx.ts';
export { Button, type ButtonProps } from './button.tsx';
export { Card, CardTitle, PageHeader, Stat, EmptyState } from './card.tsx';
export { Input, Select, Field, Alert } from './form.tsx';
export { Table, Th, Td, Tr, Badge } from './table.tsx';

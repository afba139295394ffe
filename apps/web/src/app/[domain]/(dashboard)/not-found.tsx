import Link from 'next/link';
import { Card, PageHeader } from '@magma/ui';

/**
 * What a dashboard page shows for something that does not exist here, inside the tenant's own header:
 * another tenant's or another vendor's charger, site or session is answered the same way as one that
 * never existed.
 */
export default function DashboardNotFound() {
  return (
    <div className="max-w-xl">
      <PageHeader title="Not found" />
      <Card className="p-4" data-testid="not-found">
        <p>There is nothing here, or it is not yours to see. Check the address, or find it from the lists.</p>
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          <Link className="font-medium text-primary hover:underline" href="/">
            Back to the overview
          </Link>
          <Link className="font-medium text-primary hover:underline" href="/chargers">
            Chargers
          </Link>
        </p>
      </Card>
    </div>
  );
}

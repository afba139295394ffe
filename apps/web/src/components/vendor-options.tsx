/** The <option>s of a vendor picker; the caller's first option says what "no vendor" means there. */
export function VendorOptions({ vendors }: { vendors: { id: string; name: string }[] }) {
  return vendors.map((v) => (
    <option key={v.id} value={v.id}>
      {v.name}
    </option>
  ));
}

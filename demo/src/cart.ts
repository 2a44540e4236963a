/** A small shopping cart, the kind of file you might ask an assistant to refactor. */
export interface LineItem {
  sku: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
}

export interface Discount {
  code: string;
  percentOff: number;
  minimumCents: number;
}

export class Cart {
  private readonly items = new Map<string, LineItem>();

  add(item: LineItem): void {
    const existing = this.items.get(item.sku);
    if (existing) {
      existing.quantity += item.quantity;
    } else {
      this.items.set(item.sku, { ...item });
    }
  }

  remove(sku: string, quantity = Infinity): void {
    const existing = this.items.get(sku);
    if (!existing) return;
    existing.quantity -= quantity;
    if (existing.quantity <= 0) this.items.delete(sku);
  }

  subtotalCents(): number {
    let total = 0;
    for (const item of this.items.values()) total += item.unitPriceCents * item.quantity;
    return total;
  }

  totalCents(discount?: Discount): number {
    const subtotal = this.subtotalCents();
    if (!discount || subtotal < discount.minimumCents) return subtotal;
    return Math.round(subtotal * (1 - discount.percentOff / 100));
  }

  lines(): LineItem[] {
    return [...this.items.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

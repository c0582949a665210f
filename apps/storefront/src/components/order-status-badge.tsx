import { statusLabel, statusTone } from '@/lib/order-status';

export function OrderStatusBadge({ status }: { status: string }) {
  return (
    <span className={`status status-${statusTone(status)}`} data-testid="order-status" data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

import { RouteLoading } from '@/components/route-loading';

export default function Loading() {
  return <RouteLoading />;
}

import { RouteLoading } from '@/components/route-loading';

export default function Loading() {
  return <RouteLoading label="Cargando tu perfil…" />;
}

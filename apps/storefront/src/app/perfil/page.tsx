import type { Metadata } from 'next';
import { storefrontImage } from '@/lib/images';
import { requireSignedIn } from '@/lib/require-session';
import { getCurrentUser } from '@/lib/shop-data';
import { NotificationsForm } from './notifications-form';
import { PhotoForm } from './photo-form';
import { ProfileForm } from './profile-form';
import { ResendVerification } from './resend-verification';

export const metadata: Metadata = { title: 'Mi perfil' };

export default async function ProfilePage() {
  await requireSignedIn();
  const user = await getCurrentUser();
  if (!user) throw new Error('The users service did not answer GET /user/info');
  const photo = storefrontImage(user.profileImage);
  return (
    <>
      <h1>Mi perfil</h1>
      <div className="account-grid">
        <section className="panel" aria-labelledby="photo-title">
          <h2 id="photo-title">Foto de perfil</h2>
          {photo ? (
            <img
              src={photo}
              alt={`Foto de perfil de ${user.name}`}
              className="profile-photo"
              width={160}
              height={160}
              data-testid="profile-photo"
            />
          ) : (
            <p className="hint">Aún no tienes foto de perfil.</p>
          )}
          <PhotoForm />
        </section>
        <section className="panel" aria-labelledby="data-title">
          <h2 id="data-title">Tus datos</h2>
          <p>
            Correo: <strong>{user.email}</strong>{' '}
            {user.emailVerified ? (
              <span className="badge">Verificado</span>
            ) : (
              <span className="badge out">Sin verificar</span>
            )}
          </p>
          {!user.emailVerified && <ResendVerification />}
          <ProfileForm
            user={{
              name: user.name,
              lastName: user.lastName,
              dayBirth: String(user.dayBirth),
              monthBirth: String(user.monthBirth),
              yearBirth: String(user.yearBirth),
              gender: user.gender,
              phoneNumber: user.phoneNumber,
              email: user.email,
              shippingAddress: user.shippingAddress ?? '',
            }}
          />
        </section>
        <section className="panel" aria-labelledby="mail-title">
          <h2 id="mail-title">Avisos por correo</h2>
          <NotificationsForm marketing={user.notifications.marketing} />
        </section>
      </div>
    </>
  );
}

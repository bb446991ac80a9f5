/** Who is signed in, what they may do, and the models in force (loaded once per session). */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import {
  ApiError,
  api,
  type CookieSession,
  describeError,
  endCookieSession,
  fetchCookieSession,
  getToken,
  onAuthError,
  setCsrfToken,
  setToken,
} from './api';
import type { Model } from './types';

export type Access = 'unknown' | 'viewer' | 'editor' | 'admin';

export interface Session {
  /** 'checking' until the first request answers; 'signed-out' when a token is needed. */
  state: 'checking' | 'signed-out' | 'ready' | 'error';
  message: string | null;
  hasToken: boolean;
  /** The server offers sign-in with an OpenID Connect provider. */
  oidc: boolean;
  /** The person signed in through the provider (session cookie); null with a token or signed out. */
  user: CookieSession['user'];
  access: Access;
  models: Model[];
  signIn(token: string): Promise<void>;
  /** Off to the identity provider; back on the same page once signed in. */
  signInWithProvider(): void;
  signOut(): void;
  /** A write came back 403: the token cannot edit. */
  markReadOnly(): void;
}

const Ctx = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The token's role decides whether editing controls are offered (the server enforces it anyway). */
async function probeAccess(token: string | null): Promise<Access> {
  try {
    const me = await api<{ role: string }>('GET', '/me', undefined, token);
    return me.role === 'viewer' ? 'viewer' : me.role === 'admin' ? 'admin' : 'editor';
  } catch {
    return 'unknown';
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Session['state']>('checking');
  const [message, setMessage] = useState<string | null>(null);
  const [access, setAccess] = useState<Access>('unknown');
  const [models, setModels] = useState<Model[]>([]);
  const [hasToken, setHasToken] = useState(() => getToken() !== null);
  const [oidc, setOidc] = useState(false);
  const [user, setUser] = useState<CookieSession['user']>(null);

  const start = useCallback(async (token: string | null) => {
    setState('checking');
    // Asked beside the first request, not before it: a token in this tab wins; without one, the
    // session cookie of an OIDC sign-in may sign in, and the sign-in page needs to know of OIDC.
    const cookieSession = fetchCookieSession().catch((): CookieSession => ({ oidc: false, user: null }));
    const learnCookie = async () => {
      const cookie = await cookieSession;
      setOidc(cookie.oidc);
      setUser(token ? null : cookie.user);
      setCsrfToken(token ? null : (cookie.csrfToken ?? null));
    };
    try {
      const res = await api<{ models: Model[] }>('GET', '/models', undefined, token);
      await learnCookie();
      setModels(res.models);
      setAccess(await probeAccess(token));
      setMessage(null);
      setState('ready');
      return true;
    } catch (err) {
      await learnCookie();
      if (err instanceof ApiError && err.status === 401) {
        setState('signed-out');
        setMessage(token ? 'That token was not accepted. Check it and try again.' : null);
      } else {
        setState('error');
        setMessage(describeError(err));
      }
      return false;
    }
  }, []);

  useEffect(() => {
    void start(getToken());
  }, [start]);

  useEffect(
    () =>
      onAuthError(() => {
        setUser(null);
        setState('signed-out');
        setMessage('Your session ended or the token was revoked. Sign in again.');
      }),
    [],
  );

  const signIn = useCallback(
    async (token: string) => {
      // Stored first: the pages that render once signed in read it for their own requests.
      setToken(token);
      const ok = await start(token);
      if (!ok) setToken(null);
      setHasToken(ok);
    },
    [start],
  );

  const signInWithProvider = useCallback(() => {
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/auth/login?returnTo=${encodeURIComponent(here)}`);
  }, []);

  const signOut = useCallback(() => {
    if (user) {
      void endCookieSession()
        .catch(() => {})
        .then(() => {
          setUser(null);
          setAccess('unknown');
          setMessage('Signed out.');
          setState('signed-out');
        });
      return;
    }
    setToken(null);
    setHasToken(false);
    setAccess('unknown');
    setMessage('Signed out.');
    setState('signed-out');
  }, [user]);

  const markReadOnly = useCallback(() => setAccess('viewer'), []);

  return (
    <Ctx.Provider
      value={{
        state,
        message,
        hasToken,
        oidc,
        user,
        access,
        models,
        signIn,
        signInWithProvider,
        signOut,
        markReadOnly,
      }}
    >
      {children}
    </Ctx.Provider>
  );
}

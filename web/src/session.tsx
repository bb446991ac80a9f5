/** Who is signed in, what they may do, and the models in force (loaded once per session). */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api, describeError, getToken, onAuthError, setToken } from './api';
import type { Model } from './types';

export type Access = 'unknown' | 'viewer' | 'editor' | 'admin';

export interface Session {
  /** 'checking' until the first request answers; 'signed-out' when a token is needed. */
  state: 'checking' | 'signed-out' | 'ready' | 'error';
  message: string | null;
  hasToken: boolean;
  access: Access;
  models: Model[];
  signIn(token: string): Promise<void>;
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

  const start = useCallback(async (token: string | null) => {
    setState('checking');
    try {
      const res = await api<{ models: Model[] }>('GET', '/models', undefined, token);
      setModels(res.models);
      setAccess(await probeAccess(token));
      setMessage(null);
      setState('ready');
      return true;
    } catch (err) {
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

  const signOut = useCallback(() => {
    setToken(null);
    setHasToken(false);
    setAccess('unknown');
    setMessage('Signed out.');
    setState('signed-out');
  }, []);

  const markReadOnly = useCallback(() => setAccess('viewer'), []);

  return (
    <Ctx.Provider value={{ state, message, hasToken, access, models, signIn, signOut, markReadOnly }}>
      {children}
    </Ctx.Provider>
  );
}

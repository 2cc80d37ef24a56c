/** A BlockCache for as long as what it reads stays the same, with a version that changes as blocks arrive. */
import { useEffect, useMemo, useState } from 'react';
import { BlockCache, type BlockCacheOptions } from './block-cache.js';

export function useBlockCache<B>(
  options: () => Omit<BlockCacheOptions<B>, 'onChange'>,
  deps: readonly unknown[],
): { cache: BlockCache<B>; version: number } {
  const [version, setVersion] = useState(0);
  const cache = useMemo(() => new BlockCache<B>({ ...options(), onChange: () => setVersion((v) => v + 1) }), deps);
  useEffect(() => () => cache.dispose(), [cache]);
  return { cache, version };
}

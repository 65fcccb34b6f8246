-- Issue 14: private.area_covers is called only inside security-definer functions (which run
-- as the owner), so members need no grant on it. One fewer door into the private schema.
revoke execute on function private.area_covers(uuid, uuid) from authenticated;

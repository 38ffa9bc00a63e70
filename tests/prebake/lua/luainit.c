/* luainit.c — Lua 5.4 (../shared/real-programs/lua, compiled with -DMAKE_LIB: the library
 * without lua.c) with an initialization function for pre-baking: it creates the interpreter,
 * opens the standard libraries and loads (parses and compiles) the script /script/main.lua;
 * main() runs the compiled chunk with the command-line arguments as `arg` and `...`.
 *
 * Built with --prebake (and --prebake-dir DIR::/script), the executable starts with the
 * script compiled and needs no access to the file at run time; built without, main() does the
 * same initialization at every start and needs the folder granted (--dir DIR::/script). */
#include <stdio.h>
#include <stdlib.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

static lua_State *L;

__attribute__((export_name("wizer.initialize"))) void initialize(void)
{
	L = luaL_newstate();
	luaL_openlibs(L);
	if (luaL_loadfile(L, "/script/main.lua") != LUA_OK) {
		fprintf(stderr, "lua: %s\n", lua_tostring(L, -1));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (L == NULL)
		initialize();
	lua_createtable(L, argc, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i);
	}
	lua_setglobal(L, "arg");
	for (int i = 1; i < argc; i++)
		lua_pushstring(L, argv[i]);
	if (lua_pcall(L, argc - 1, 0, 0) != LUA_OK) {
		fprintf(stderr, "lua: %s\n", lua_tostring(L, -1));
		return 1;
	}
	return 0;
}

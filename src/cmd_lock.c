#include "cli.h"
#include "error.h"

int cmd_lock(int argc, char **argv, const struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	return cli_usage_error(NULL, "'lock' is not implemented yet");
}

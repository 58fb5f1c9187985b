#include "cli.h"
#include "error.h"

int cmd_verify(int argc, char **argv, const struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	return cli_usage_error(NULL, "'verify' is not implemented yet");
}

#include "cli.h"
#include "error.h"

int cmd_dockerfile(int argc, char **argv, const struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	return cli_usage_error(NULL, "'dockerfile' is not implemented yet");
}

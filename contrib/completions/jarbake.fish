# fish completion for jarbake. Installed by 'make install' into
# share/fish/vendor_completions.d/jarbake.fish.
# tests/integration/completions.sh checks it against every 'jarbake CMD --help'.

set -l cmds fetch dockerfile lint verify lock diff help
complete -c jarbake -f
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -s m -l manifest -r -F -d 'the JAR manifest'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -s h -l help -d 'show help'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -s V -l version -d 'show the version'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a fetch -d "download and verify the manifest's JARs"
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a dockerfile -d "write the image's Dockerfile"
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a lint -d 'refuse configs that add JARs at run time'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a verify -d 'prove the JAR set of a built image'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a lock -d 'pin sha256 and size of every JAR'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a diff -d 'what a bump changed between two images or JAR directories'
complete -c jarbake -n "not __fish_seen_subcommand_from $cmds" -a help -d 'show the help of a command'
complete -c jarbake -n "__fish_seen_subcommand_from help" -a 'fetch dockerfile lint verify lock diff'

# options every command takes
for c in fetch dockerfile lint verify lock diff
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s m -l manifest -r -F -d 'the JAR manifest'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s h -l help -d 'show this help'
end

# the network options of fetch and lock
for c in fetch lock
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l cache -r -a '(__fish_complete_directories)' -d 'the download cache'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l mirror -x -d 'repository for Maven JARs'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s j -l jobs -x -d 'concurrent downloads'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l offline -d 'use only the cache'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l cacert -r -F -d 'also trust these CA certificates'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l allow-http -d 'allow plain http to non-loopback hosts'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l retries -x -d 'retries of a failed download'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l retry-delay -x -d 'first backoff delay (ms)'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l connect-timeout -x -d 'connect timeout (s)'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l timeout -x -d 'abort a transfer below 1 KiB/s for S seconds'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l deadline -x -d 'every download ends within S seconds'
end

# the output options of every command that reports
for c in fetch lint verify lock
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l json -d 'the same as --format json'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s q -l quiet -d 'print nothing but errors'
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -l color -x -a 'auto always never' -d 'when to use colour'
end
for c in fetch lock
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s f -l format -x -a 'text json' -d 'output format'
end
for c in lint verify
	complete -c jarbake -n "__fish_seen_subcommand_from $c" -s f -l format -x -a 'text json sarif github' -d 'output format'
end

# fetch
complete -c jarbake -n "__fish_seen_subcommand_from fetch" -s o -l output -r -a '(__fish_complete_directories)' -d 'where the JARs go'
complete -c jarbake -n "__fish_seen_subcommand_from fetch" -l check-sidecars -d "also check pinned JARs against the repository's checksum files"

# dockerfile
complete -c jarbake -n "__fish_seen_subcommand_from dockerfile" -s o -l output -r -F -d 'write FILE instead'
complete -c jarbake -n "__fish_seen_subcommand_from dockerfile" -l check -d 'exit 1 with a diff when the file differs'

# lint
complete -c jarbake -n "__fish_seen_subcommand_from lint" -F
complete -c jarbake -n "__fish_seen_subcommand_from lint" -l exit-zero -d 'exit 0 even when there are findings'
complete -c jarbake -n "__fish_seen_subcommand_from lint" -l no-ignore -d 'do not honour .gitignore and .jarbakeignore'
complete -c jarbake -n "__fish_seen_subcommand_from lint" -l stats -d 'print per format the files read, tolerated and skipped'

# verify
complete -c jarbake -n "__fish_seen_subcommand_from verify" -F
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l exit-zero -d 'exit 0 even when a check failed'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l sbom -r -F -d 'also write an SBOM'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l sbom-format -x -a 'cyclonedx spdx' -d 'the SBOM format'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l classes -d 'report classes that several JARs provide'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l conf -r -F -d "also check the classes that FILE's settings name"
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l ref -x -d 'the image of a multi-image archive'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l platform -x -d 'the image of a registry index'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l all-platforms -d 'verify every image of a registry index'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l cacert -r -F -d 'also trust these CA certificates'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l insecure-registry -x -d 'plain http to this registry'
complete -c jarbake -n "__fish_seen_subcommand_from verify" -l retries -x -d 'retries of a failed registry request'

# lock
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l set -x -d 'change JAR NAME to VERSION first'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l force -d 'accept a new hash for an unchanged version'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l base -r -F -d 'also pin the JAR set of this base image'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l ref -x -d 'the image of a multi-image archive'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l base-image -r -F -d 'pin image.base by digest and its layers'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l platform -x -d 'the image of a registry index'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -l insecure-registry -x -d 'plain http to this registry'
complete -c jarbake -n "__fish_seen_subcommand_from lock" -s n -l dry-run -d 'show what would change; write nothing'

# diff
complete -c jarbake -n "__fish_seen_subcommand_from diff" -F
complete -c jarbake -n "__fish_seen_subcommand_from diff" -s f -l format -x -a 'text json' -d 'output format'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -s a -l all -d 'also list the JARs that did not change'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -l jars-dir -x -d 'the JAR directory in the images'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -l platform -x -d 'the image of a registry index'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -l cacert -r -F -d 'also trust these CA certificates'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -l insecure-registry -x -d 'plain http to this registry'
complete -c jarbake -n "__fish_seen_subcommand_from diff" -l retries -x -d 'retries of a failed registry request'

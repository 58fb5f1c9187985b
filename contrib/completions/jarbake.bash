# bash completion for jarbake                                 -*- shell-script -*-
# Installed by 'make install' into share/bash-completion/completions/jarbake.
# Self-contained (no bash-completion helpers needed); tests/integration/
# completions.sh checks that it offers every option of every 'jarbake CMD --help'.

_jarbake_options() {
	local net="--cache --mirror -j --jobs --offline --cacert --allow-http
		--retries --retry-delay --connect-timeout --timeout --deadline"
	local out="-f --format --json -q --quiet --color"
	case $1 in
	fetch) echo "-o --output --check-sidecars $net $out -m --manifest -h --help" ;;
	dockerfile) echo "-o --output --check -m --manifest -h --help" ;;
	lint) echo "$out --exit-zero --no-ignore --stats -m --manifest -h --help" ;;
	verify) echo "$out --exit-zero --sbom --sbom-format --classes --ref --conf
		--platform --all-platforms --cacert --insecure-registry --retries
		-m --manifest -h --help" ;;
	lock) echo "--set --force --base --ref --base-image --platform
		--insecure-registry $net -n --dry-run $out
		-m --manifest -h --help" ;;
	diff) echo "-f --format -a --all --jars-dir --platform --cacert
		--insecure-registry --retries -m --manifest -h --help" ;;
	esac
}

_jarbake() {
	local cur prev cmd i words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	# --format=json: bash splits at '=' (COMP_WORDBREAKS).
	if [ "$cur" = "=" ]; then
		cur=""
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# The command: the first word after the global options.
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-m | --manifest) ((i++)) ;;
		-*) ;;
		*)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done

	# Option values.
	case $prev in
	-m | --manifest | --cacert | --sbom | --base | --conf)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	-o | --output)
		compopt -o filenames 2>/dev/null
		if [ "$cmd" = fetch ]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return
		;;
	--cache | --jars-dir)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-f | --format)
		case $cmd in
		lint | verify) words="text json sarif github" ;;
		*) words="text json" ;;
		esac
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
		;;
	--sbom-format)
		COMPREPLY=($(compgen -W "cyclonedx spdx" -- "$cur"))
		return
		;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return
		;;
	--mirror | --ref | --platform | --set | -j | --jobs | --retries | \
		--retry-delay | --connect-timeout | --timeout | --deadline)
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-m --manifest -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "fetch dockerfile lint verify lock diff help" -- "$cur"))
		fi
		return
	fi
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "fetch dockerfile lint verify lock diff" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_jarbake_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	lint | verify)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}

complete -F _jarbake jarbake

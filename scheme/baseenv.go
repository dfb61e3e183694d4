package scheme

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/internal/celdec"
)

// baseEnvs holds, for each decimal configuration a scheme declares, the
// environment every scheme with it starts from: CEL's standard library,
// the parser's limits and the decimal functions. Building it (some
// hundreds of overload declarations) was a twentieth of compiling a
// scheme; a scheme now extends it with its own types and variables
// (Env.Extend shares the declarations). The configurations are few (a
// scale from 0 to 18 and a rounding mode), and an Env is immutable and
// safe for concurrent use.
var baseEnvs sync.Map // celdec.Config → *cel.Env

func baseEnv(cfg celdec.Config) (*cel.Env, error) {
	if e, ok := baseEnvs.Load(cfg); ok {
		return e.(*cel.Env), nil
	}
	opts := append([]cel.EnvOption{cel.ParserExpressionSizeLimit(4096), cel.ParserRecursionLimit(64)},
		celdec.Options(cfg)...)
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, err
	}
	e, _ := baseEnvs.LoadOrStore(cfg, env)
	return e.(*cel.Env), nil
}

// schemeEnv extends the base environment for cfg with a scheme's object
// types (prov) and variables. The base registered CEL's optional type in
// its own registry; prov replaces that registry, so it registers the type
// too, as building the whole environment over prov did.
func schemeEnv(cfg celdec.Config, prov *celdec.Provider, vars []cel.EnvOption) (*cel.Env, error) {
	base, err := baseEnv(cfg)
	if err != nil {
		return nil, err
	}
	if err := prov.RegisterType(types.OptionalType); err != nil {
		return nil, err
	}
	return base.Extend(append([]cel.EnvOption{cel.CustomTypeProvider(prov)}, vars...)...)
}

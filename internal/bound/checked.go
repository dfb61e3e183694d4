package bound

// BindChecked is package scheme's
//
//	func(*scheme.Scheme, *evidence.Evidence) (plan.Binding, error)   // as any
//
// Bind for evidence whose limits (evidence.CheckLimits) the caller has
// found within in the walk that hashed it, so that binding does not walk
// its strings again. Set and read as Bind is.
var BindChecked any

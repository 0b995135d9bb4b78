<?php
// Adminer with the official adminer image's environment contract:
//   ADMINER_DEFAULT_SERVER  pre-fills the login form's server (e.g. "postgres")
//   ADMINER_DEFAULT_DRIVER  pre-selects the system: pgsql (default), server (MySQL), sqlite ...
function adminer_object() {
    class StackctlAdminer extends Adminer {
        function loginFormField($name, $heading, $value) {
            $server = getenv('ADMINER_DEFAULT_SERVER');
            if ($name == 'server' && $server) {
                $value = str_replace('value=""', 'value="' . h($server) . '"', $value);
            }
            if ($name == 'driver') {
                $driver = getenv('ADMINER_DEFAULT_DRIVER') ?: 'pgsql';
                $value = str_replace(' selected', '', $value);
                $value = str_replace('value="' . $driver . '"', 'value="' . $driver . '" selected', $value);
            }
            return parent::loginFormField($name, $heading, $value);
        }
    }
    return new StackctlAdminer;
}
// The Debian package's single-file build of Adminer.
include '/usr/share/adminer/adminer.php';

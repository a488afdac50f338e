<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Asks for the address to send a reset link to. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Reset your password</h1>
      <p>Enter the e-mail address you sign in with. We will send a link to set a new password.</p>
      <form method="post" action="{$base}/reset" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">email</xsl:with-param>
          <xsl:with-param name="label">E-mail</xsl:with-param>
          <xsl:with-param name="type">email</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <p><button type="submit" class="primary">Send the link</button></p>
      </form>
      <p><a href="{$base}/login">Back to sign in</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>

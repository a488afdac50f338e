<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The sign-in form. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Sign in</h1>
      <form method="post" action="{$base}/login" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:if test="login/@next">
          <input type="hidden" name="next" value="{login/@next}"/>
        </xsl:if>
        <xsl:call-template name="field">
          <xsl:with-param name="name">email</xsl:with-param>
          <xsl:with-param name="label">E-mail</xsl:with-param>
          <xsl:with-param name="type">email</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">username</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password</xsl:with-param>
          <xsl:with-param name="label">Password</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">current-password</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit" class="primary">Sign in</button></p>
      </form>
      <p><a href="{$base}/reset">Forgot your password?</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>

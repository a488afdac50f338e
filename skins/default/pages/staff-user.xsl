<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- One account and what an admin can do with it. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="u" select="user"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/users">People</a></nav>
    <h1><xsl:value-of select="$u/name"/></h1>
    <dl class="facts">
      <dt>E-mail</dt><dd><xsl:value-of select="$u/email"/></dd>
      <dt>Role</dt><dd><xsl:value-of select="$u/role"/></dd>
      <xsl:if test="$u/client"><dt>Client</dt><dd><xsl:value-of select="$u/client"/></dd></xsl:if>
      <dt>Last sign-in</dt><dd><xsl:choose><xsl:when test="$u/last_login_at"><xsl:value-of select="$u/last_login_at"/></xsl:when><xsl:otherwise>never</xsl:otherwise></xsl:choose></dd>
      <dt>Password</dt><dd><xsl:choose><xsl:when test="$u/has_password = '1'">set</xsl:when><xsl:otherwise>not set yet</xsl:otherwise></xsl:choose></dd>
      <dt>State</dt><dd><xsl:choose><xsl:when test="$u/active = '1'">active</xsl:when><xsl:otherwise>deactivated</xsl:otherwise></xsl:choose></dd>
    </dl>
    <h2>Set a password</h2>
    <form method="post" action="{$base}/staff/users/{$u/id}/password" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">password</xsl:with-param>
        <xsl:with-param name="label">Initial password</xsl:with-param>
        <xsl:with-param name="type">password</xsl:with-param>
        <xsl:with-param name="hint">At least 12 characters. Their sessions end.</xsl:with-param>
        <xsl:with-param name="autocomplete">new-password</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit">Set password</button></p>
    </form>
    <form method="post" action="{$base}/staff/users/{$u/id}/reset" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit">Send a reset link</button>
    </form>
    <form method="post" action="{$base}/staff/users/{$u/id}/active" class="inline">
      <xsl:call-template name="csrf"/>
      <xsl:choose>
        <xsl:when test="$u/active = '1'"><button type="submit" class="danger">Deactivate</button></xsl:when>
        <xsl:otherwise><input type="hidden" name="active" value="1"/><button type="submit">Reactivate</button></xsl:otherwise>
      </xsl:choose>
    </form>
  </xsl:template>
</xsl:stylesheet>
